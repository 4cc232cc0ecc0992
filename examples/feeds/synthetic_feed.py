#!/usr/bin/env python3
"""A live bar feed for rehearsals and tests: prints one bar per symbol at the end of every interval of the
wall clock, as JSON lines (docs/PROCESS_ADAPTER.md, "Bar feeds"), from a seeded random walk. Standard
library only.

    python3 synthetic_feed.py --interval 60            # one-minute bars, forever
    python3 synthetic_feed.py --interval 1 --bars 30   # thirty one-second bars per symbol, then exit 0

The symbols come from RUNNER_FEED_SYMBOLS (comma-separated, set by the runner), or --symbols. Each bar is
stamped with its start, as everywhere in the runner, and printed just after its end: the bar of
[10:00, 10:01) comes at 10:01. A real feed replaces this program; nothing else changes.
"""

import argparse
import json
import os
import random
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=60, help="seconds per bar (default 60)")
    parser.add_argument("--bars", type=int, default=0, help="bars per symbol before exiting (0: forever)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--price", type=float, default=100.0, help="first price of every symbol")
    parser.add_argument("--volume", type=float, default=50000, help="volume of every bar")
    parser.add_argument("--symbols", default=os.environ.get("RUNNER_FEED_SYMBOLS", ""))
    args = parser.parse_args()
    symbols = [s for s in args.symbols.split(",") if s]
    if not symbols:
        sys.exit("synthetic-feed: no symbols (RUNNER_FEED_SYMBOLS or --symbols)")
    interval_ms = int(args.interval * 1000)
    rng = random.Random(args.seed)
    prices = {symbol: args.price for symbol in symbols}
    printed = 0
    while args.bars == 0 or printed < args.bars:
        now_ms = int(time.time() * 1000)
        end = (now_ms // interval_ms + 1) * interval_ms
        time.sleep(max(0, end - now_ms) / 1000 + 0.05)
        start = end - interval_ms
        for symbol in symbols:
            open_ = prices[symbol]
            close = round(max(1.0, open_ * (1 + rng.gauss(0, 0.002))), 2)
            high = round(max(open_, close) * (1 + abs(rng.gauss(0, 0.0005))), 2)
            low = round(min(open_, close) * (1 - abs(rng.gauss(0, 0.0005))), 2)
            prices[symbol] = close
            bar = {"symbol": symbol, "timestamp": start, "open": open_, "high": high, "low": low,
                   "close": close, "volume": args.volume}
            print(json.dumps(bar), flush=True)
        printed += 1


if __name__ == "__main__":
    try:
        main()
    except (KeyboardInterrupt, BrokenPipeError):
        pass
