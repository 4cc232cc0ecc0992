# Misbehaving adapter: answers hello, then prints a stray line that is not JSON on standard output.
import json
import sys

for line in sys.stdin:
    request = json.loads(line)
    if request["op"] == "hello":
        print(json.dumps({"id": request["id"], "ok": True, "result": {"protocols": [1], "name": "chatty"}}), flush=True)
    else:
        print("Loaded 3 accounts, ready to trade", flush=True)
