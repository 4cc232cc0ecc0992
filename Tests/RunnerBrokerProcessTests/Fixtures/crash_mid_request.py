# Misbehaving adapter: answers hello, then dies of SIGKILL in the middle of its first other request.
import json
import os
import signal
import sys

for line in sys.stdin:
    request = json.loads(line)
    if request["op"] == "hello":
        print(json.dumps({"id": request["id"], "ok": True, "result": {"protocols": [1], "name": "crash"}}), flush=True)
        continue
    print("crash_mid_request: about to die handling " + request["op"], file=sys.stderr, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
