#!/usr/bin/env python3
"""A bar feed for strategy-runner: prints the bars of CSV files as JSON lines (docs/PROCESS_ADAPTER.md,
"Bar feeds"). Standard library only.

    python3 csv_feed.py --speed 1 data/sample            # a folder of CSV files, or the files themselves
    python3 csv_feed.py --speed 0 data/sample/AAPL.csv   # as fast as possible

The files use the repository's format: a header `timestamp,symbol,open,high,low,close,volume`, ISO 8601
timestamps with an offset (`2026-01-05T14:30:00Z`). Bars of every file are merged in time order. Only the
symbols in RUNNER_FEED_SYMBOLS (comma-separated, set by the runner) are printed; all when it is unset.
--speed 1 waits between bars as long as the bars are apart (wall clock), 60 sixty times faster, 0 not at all.
It exits with status 0 once every bar is printed (the runner then knows the feed has no more bars).
"""

import argparse
import csv
import json
import os
import sys
import time
from datetime import datetime

COLUMNS = ["timestamp", "symbol", "open", "high", "low", "close", "volume"]


def log(message):
    print(f"csv-feed: {message}", file=sys.stderr, flush=True)


def files_of(paths):
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".csv"):
                    yield os.path.join(path, name)
        else:
            yield path


def milliseconds(text):
    """ISO 8601 with an offset (`Z` or `+01:00`) to milliseconds since the epoch."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no UTC offset")
    return int(moment.timestamp() * 1000)


def read_bars(path, wanted):
    with open(path, newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows, None)
        if header != COLUMNS:
            sys.exit(f"{path}: the header must be {','.join(COLUMNS)}, not {header}")
        for number, row in enumerate(rows, start=2):
            if len(row) != len(COLUMNS):
                log(f"{path}:{number}: {len(row)} fields, expected {len(COLUMNS)}; skipped")
                continue
            record = dict(zip(COLUMNS, row))
            if wanted and record["symbol"] not in wanted:
                continue
            try:
                stamp = milliseconds(record["timestamp"])
            except ValueError as error:
                log(f"{path}:{number}: {error}; skipped")
                continue
            # Prices go out as the file wrote them (decimal strings): no float rounding on the way.
            yield stamp, {"symbol": record["symbol"], "timestamp": stamp, "open": record["open"],
                          "high": record["high"], "low": record["low"], "close": record["close"],
                          "volume": record["volume"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="CSV files or folders of them")
    parser.add_argument("--speed", type=float, default=1.0,
                        help="1 = wall clock, N = N times faster, 0 = as fast as possible")
    arguments = parser.parse_args()
    if arguments.speed < 0:
        sys.exit("--speed must be 0 or more")
    wanted = {s for s in os.environ.get("RUNNER_FEED_SYMBOLS", "").split(",") if s}
    bars = sorted((bar for path in files_of(arguments.paths) for bar in read_bars(path, wanted)),
                  key=lambda item: (item[0], item[1]["symbol"]))
    log(f"{len(bars)} bars for {', '.join(sorted(wanted)) or 'every symbol'}")
    previous = None
    for stamp, bar in bars:
        if arguments.speed > 0 and previous is not None and stamp > previous:
            time.sleep((stamp - previous) / 1000 / arguments.speed)
        previous = stamp
        try:
            sys.stdout.write(json.dumps(bar, separators=(",", ":")) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            return  # the runner stopped reading
    log("done")


if __name__ == "__main__":
    main()
