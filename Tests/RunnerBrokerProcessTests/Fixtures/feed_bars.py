# A bar feed for the tests: two good bars, a malformed line (line 3), a bar of a symbol not subscribed
# (line 4), a good bar with an ISO timestamp and decimal strings (line 5); then it exits with the status
# in FEED_EXIT (default 0), after FEED_LINGER seconds (default 0).
import json
import os
import sys
import time

symbols = os.environ["RUNNER_FEED_SYMBOLS"].split(",")
print("feed_bars: symbols " + ",".join(symbols), file=sys.stderr, flush=True)
lines = [
    json.dumps({"symbol": symbols[0], "timestamp": 1732000000000, "open": 10, "high": 11, "low": 9.5, "close": 10.5, "volume": 100}),
    json.dumps({"symbol": symbols[0], "timestamp": 1732000060000, "open": 10.5, "high": 11, "low": 10, "close": 10.25, "volume": 120}),
    "{\"symbol\": \"" + symbols[0] + "\", \"timestamp\": oops}",
    json.dumps({"symbol": "ZZZZ", "timestamp": 1732000120000, "open": 1, "high": 1, "low": 1, "close": 1, "volume": 1}),
    json.dumps({"symbol": symbols[0], "timestamp": "2024-11-19T07:09:40Z", "open": "10.25", "high": "10.75", "low": "10.0", "close": "10.5", "volume": "90"}),
]
for line in lines:
    print(line, flush=True)
time.sleep(float(os.environ.get("FEED_LINGER", "0")))
sys.exit(int(os.environ.get("FEED_EXIT", "0")))
