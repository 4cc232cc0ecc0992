# Misbehaving adapter: answers hello, then closes its standard output and keeps running.
import json
import os
import sys
import time

line = sys.stdin.readline()
request = json.loads(line)
print(json.dumps({"id": request["id"], "ok": True, "result": {"protocols": [1], "name": "mute"}}), flush=True)
os.close(1)
time.sleep(60)
