# Misbehaving adapter: answers hello, then, at the next request, closes its standard output and keeps running.
# (Waiting for that request lets a test read the process id before the adapter restarts it.)
import json
import os
import sys
import time

line = sys.stdin.readline()
request = json.loads(line)
print(json.dumps({"id": request["id"], "ok": True, "result": {"protocols": [1], "name": "mute"}}), flush=True)
if not sys.stdin.readline():
    sys.exit(0)  # input closed before any request: the runner is ending it
os.close(1)
time.sleep(60)
