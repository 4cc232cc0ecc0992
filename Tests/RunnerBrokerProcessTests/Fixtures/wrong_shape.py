# Misbehaving adapter: answers hello, then gives positions as an array and a submit without its fields.
import json
import sys

for line in sys.stdin:
    request = json.loads(line)
    if request["op"] == "hello":
        result = {"protocols": [1], "name": "sloppy"}
    elif request["op"] == "positions":
        result = [["AAPL", 10]]
    else:
        result = {"client_order_id": "x"}
    print(json.dumps({"id": request["id"], "ok": True, "result": result}), flush=True)
