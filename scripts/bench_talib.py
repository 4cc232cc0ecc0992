#!/usr/bin/env python3
"""Compare the runner's streaming indicators with TA-Lib's batch functions on the same series.

Builds the release binary's figures with `runner bench indicators --json`, times TA-Lib over the very
same seeded random walk (the generator below mirrors IndicatorBenchmark.series), and prints ns per
point for both, the ratio (runner / TA-Lib; below 1.5 meets the target) and the last values side by side.

Usage (from the repository root):
  python3 -m venv .venv-talib && .venv-talib/bin/pip install ta-lib==0.8.2 numpy
  swift build -c release --product runner
  .venv-talib/bin/python scripts/bench_talib.py [--points 1000000] [--runs 5]
"""
import argparse
import json
import subprocess
import time

import numpy as np
import talib


def series(points):
    state, value, mask = 42, 100.0, (1 << 64) - 1
    out = np.empty(points)
    for i in range(points):
        state = (state * 6364136223846793005 + 1442695040888963407) & mask
        value += (state >> 11) / float(1 << 53) - 0.5
        out[i] = value
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--runner", default=".build/release/runner")
    args = parser.parse_args()
    close = series(args.points)
    high, low = close + 0.25, close - 0.25
    calls = {
        "sma": lambda: talib.SMA(close, 20),
        "ema": lambda: talib.EMA(close, 20),
        "rsi": lambda: talib.RSI(close, 14),
        "atr": lambda: talib.ATR(high, low, close, 14),
        "macd": lambda: talib.MACD(close, 12, 26, 9)[0],
        "bbands": lambda: talib.BBANDS(close, 20, 2, 2, 0)[0],
    }
    runner = json.loads(subprocess.run(
        [args.runner, "bench", "indicators", "--json", "--points", str(args.points), "--runs", str(args.runs)],
        check=True, capture_output=True, text=True).stdout)
    print(f"{'indicator':<10}{'stream ns/pt':>13}{'batch ns/pt':>12}{'TA-Lib ns/pt':>13}{'batch/TA-Lib':>13}"
          "   last values (runner / TA-Lib)")
    for name, call in calls.items():
        times = []
        for _ in range(args.runs):
            start = time.perf_counter_ns()
            values = call()
            times.append((time.perf_counter_ns() - start) / args.points)
        talib_ns = sorted(times)[len(times) // 2]
        ours = runner[name]
        print(f"{name:<10}{ours['ns_per_update']:>13.2f}{ours['ns_per_point_batch']:>12.2f}{talib_ns:>13.2f}"
              f"{ours['ns_per_point_batch'] / talib_ns:>13.2f}   {ours['last']!r} / {float(values[-1])!r}")


if __name__ == "__main__":
    main()
