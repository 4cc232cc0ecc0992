# Misbehaving adapter: speaks protocol version 2 only.
import json
import sys

for line in sys.stdin:
    request = json.loads(line)
    print(json.dumps({"id": request["id"], "ok": True, "result": {"protocols": [2], "name": "future"}}), flush=True)
