# Misbehaving adapter: answers hello, then never replies again, and ignores SIGTERM (SIGKILL ends it).
import json
import signal
import sys

signal.signal(signal.SIGTERM, signal.SIG_IGN)
for line in sys.stdin:
    request = json.loads(line)
    if request["op"] == "hello":
        print(json.dumps({"id": request["id"], "ok": True, "result": {"protocols": [1], "name": "hang"}}), flush=True)
# Input closed: stay anyway, as a wedged adapter would.
signal.pause()
