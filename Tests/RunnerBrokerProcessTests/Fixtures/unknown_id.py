# Misbehaving adapter: answers hello, then replies to every request with an id nobody sent.
import json
import sys

for line in sys.stdin:
    request = json.loads(line)
    if request["op"] == "hello":
        print(json.dumps({"id": request["id"], "ok": True, "result": {"protocols": [1], "name": "confused"}}), flush=True)
    else:
        print(json.dumps({"id": request["id"] + 1000, "ok": True, "result": {}}), flush=True)
