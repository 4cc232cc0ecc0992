#!/usr/bin/env python3
"""Generate the golden indicator values the Swift tests compare against.

Runs TA-Lib (PyPI `ta-lib==0.8.2`, which bundles the C library) over seeded synthetic series and
writes, under Tests/RunnerIndicatorsTests/Golden/:
  series/<name>.csv   the inputs: index,timestamp,open,high,low,close,volume,other
  cases/<case>.csv    one column per output, an empty cell where TA-Lib gives NaN
  cases.json          one entry per case: function, series, parameters, outputs, oracle
Indicators TA-Lib lacks (zscore, session vwap) are computed here with plain numpy formulas and marked
`"oracle": "numpy"`. Cases whose parameters TA-Lib refuses are listed with `"talib_rejects": true`,
so the Swift registry can refuse the same calls.

Usage (from the repository root):
  python3 -m venv .venv-talib && .venv-talib/bin/pip install ta-lib==0.8.2 numpy
  .venv-talib/bin/python scripts/talib_golden.py
"""
import json
import math
import os
import shutil

import numpy as np
import talib

ROOT = os.path.join(os.path.dirname(__file__), "..", "Tests", "RunnerIndicatorsTests", "Golden")
START_MS = 1_767_623_400_000  # 2026-01-05T14:30:00Z
MINUTE_MS = 60_000


def ohlcv(close, rng, volume_scale=10_000.0):
    """Open/high/low around a close path, and positive volume."""
    n = len(close)
    open_ = np.empty(n)
    open_[0] = close[0]
    open_[1:] = close[:-1] + rng.normal(0, 0.1, n - 1)
    spread = np.abs(rng.normal(0, 0.5, n)) + 0.01
    high = np.maximum(open_, close) + spread
    low = np.minimum(open_, close) - np.abs(rng.normal(0, 0.5, n)) - 0.01
    volume = np.round(rng.uniform(0.2, 1.8, n) * volume_scale)
    return open_, high, low, volume


def make_series():
    series = {}
    for name, seed, length, start, step in [("walk_a", 1, 400, 100.0, 1.0), ("walk_b", 2, 400, 20.0, 0.25)]:
        rng = np.random.default_rng(seed)
        close = start + np.cumsum(rng.normal(0, step, length))
        other = start + np.cumsum(rng.normal(0, step, length)) + 0.3 * (close - start)
        open_, high, low, volume = ohlcv(close, rng)
        # Two sessions: the second half starts on the next UTC day (session VWAP resets there).
        timestamps = START_MS + np.arange(length) * MINUTE_MS
        timestamps[length // 2:] += 86_400_000
        series[name] = dict(timestamp=timestamps, open=open_, high=high, low=low, close=close, volume=volume,
                            other=other)
    rng = np.random.default_rng(3)
    length = 60
    flat = np.full(length, 50.0)
    series["constant"] = dict(timestamp=START_MS + np.arange(length) * MINUTE_MS, open=flat, high=flat, low=flat,
                              close=flat, volume=np.full(length, 1000.0), other=flat.copy())
    rng = np.random.default_rng(4)
    length = 120
    close = 80 + np.cumsum(rng.normal(0, 0.5, length))
    close[60:] += 25.0  # a price gap
    open_, high, low, volume = ohlcv(close, rng)
    open_[60] = close[59] + 25.0
    high[60] = max(high[60], open_[60])
    low[60] = min(low[60], open_[60], close[60])
    volume[30] = 0.0  # a bar with no trades
    series["gap"] = dict(timestamp=START_MS + np.arange(length) * MINUTE_MS, open=open_, high=high, low=low,
                         close=close, volume=volume, other=close[::-1].copy())
    rng = np.random.default_rng(5)
    close = 10 + np.cumsum(rng.normal(0, 0.2, 8))
    open_, high, low, volume = ohlcv(close, rng)
    series["short"] = dict(timestamp=START_MS + np.arange(8) * MINUTE_MS, open=open_, high=high, low=low,
                           close=close, volume=volume, other=close * 2)
    return series


def zscore(s, period):
    out = np.full(len(s["close"]), np.nan)
    x = s["close"]
    for i in range(period - 1, len(x)):
        window = x[i - period + 1:i + 1]
        sd = window.std()  # population, as TA-Lib's STDDEV
        out[i] = 0.0 if sd == 0 else (x[i] - window.mean()) / sd
    return (out,)


def session_vwap(s):
    out = np.empty(len(s["close"]))
    day = None
    pv = vol = 0.0
    for i in range(len(out)):
        this_day = int(s["timestamp"][i]) // 86_400_000
        if this_day != day:
            day, pv, vol = this_day, 0.0, 0.0
        typical = (s["high"][i] + s["low"][i] + s["close"][i]) / 3.0
        pv += typical * s["volume"][i]
        vol += s["volume"][i]
        out[i] = np.nan if vol == 0 else pv / vol
    return (out,)


# function -> (callable(series, *params) -> tuple of outputs, output names, parameter sets)
INDICATORS = {
    "sma": (lambda s, n: (talib.SMA(s["close"], n),), ["value"], [[1], [5], [20]]),
    "ema": (lambda s, n: (talib.EMA(s["close"], n),), ["value"], [[1], [5], [20]]),
    "wma": (lambda s, n: (talib.WMA(s["close"], n),), ["value"], [[1], [5], [20]]),
    "dema": (lambda s, n: (talib.DEMA(s["close"], n),), ["value"], [[1], [5], [20]]),
    "tema": (lambda s, n: (talib.TEMA(s["close"], n),), ["value"], [[1], [5], [20]]),
    "rsi": (lambda s, n: (talib.RSI(s["close"], n),), ["value"], [[1], [2], [14]]),
    "macd": (lambda s, f, sl, sg: talib.MACD(s["close"], f, sl, sg), ["macd", "signal", "hist"],
             [[12, 26, 9], [3, 10, 4], [1, 2, 1]]),
    "bbands": (lambda s, n, d: talib.BBANDS(s["close"], n, d, d, 0), ["upper", "middle", "lower"],
               [[1, 2], [20, 2], [10, 1.5]]),
    "stddev": (lambda s, n: (talib.STDDEV(s["close"], n, 1),), ["value"], [[1], [2], [20]]),
    "atr": (lambda s, n: (talib.ATR(s["high"], s["low"], s["close"], n),), ["value"], [[1], [5], [14]]),
    "trange": (lambda s: (talib.TRANGE(s["high"], s["low"], s["close"]),), ["value"], [[]]),
    "roc": (lambda s, n: (talib.ROC(s["close"], n),), ["value"], [[1], [10]]),
    "mom": (lambda s, n: (talib.MOM(s["close"], n),), ["value"], [[1], [10]]),
    "cci": (lambda s, n: (talib.CCI(s["high"], s["low"], s["close"], n),), ["value"], [[1], [2], [14]]),
    "stoch": (lambda s, k, ks, d: talib.STOCH(s["high"], s["low"], s["close"], k, ks, 0, d, 0), ["k", "d"],
              [[14, 3, 3], [5, 1, 1], [1, 1, 1]]),
    "willr": (lambda s, n: (talib.WILLR(s["high"], s["low"], s["close"], n),), ["value"], [[1], [2], [14]]),
    "adx": (lambda s, n: (talib.ADX(s["high"], s["low"], s["close"], n),), ["value"], [[1], [2], [14]]),
    "obv": (lambda s: (talib.OBV(s["close"], s["volume"]),), ["value"], [[]]),
    "mfi": (lambda s, n: (talib.MFI(s["high"], s["low"], s["close"], s["volume"], n),), ["value"], [[1], [2], [14]]),
    "highest": (lambda s, n: (talib.MAX(s["close"], n),), ["value"], [[1], [2], [20]]),
    "lowest": (lambda s, n: (talib.MIN(s["close"], n),), ["value"], [[1], [2], [20]]),
    "correlation": (lambda s, n: (talib.CORREL(s["close"], s["other"], n),), ["value"], [[1], [2], [20]]),
    "zscore": (zscore, ["value"], [[1], [2], [20]]),
    "vwap": (lambda s: session_vwap(s), ["value"], [[]]),
}
NUMPY_ORACLE = {"zscore", "vwap"}
# Series arguments of each function's YAML call, in order (the rest of its inputs are bar fields).
SERIES_ARGUMENTS = {"correlation": ["close", "other"]}
NO_SERIES = {"atr", "trange", "cci", "stoch", "willr", "adx", "obv", "mfi", "vwap"}


# Cases fed another column than `close`, so an indicator reading the bar's close instead of its series
# argument would fail: (function, arguments, parameters, TA-Lib call over the series dict).
OTHER_INPUTS = [
    ("sma", ["high"], [5], lambda s: (talib.SMA(s["high"], 5),)),
    ("ema", ["open"], [5], lambda s: (talib.EMA(s["open"], 5),)),
    ("rsi", ["high"], [14], lambda s: (talib.RSI(s["high"], 14),)),
    ("stddev", ["low"], [10], lambda s: (talib.STDDEV(s["low"], 10, 1),)),
    ("highest", ["low"], [10], lambda s: (talib.MAX(s["low"], 10),)),
    ("macd", ["open"], [12, 26, 9], lambda s: talib.MACD(s["open"], 12, 26, 9)),
    ("correlation", ["high", "other"], [10], lambda s: (talib.CORREL(s["high"], s["other"], 10),)),
]


def cell(value):
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else repr(float(value))


def main():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    os.makedirs(os.path.join(ROOT, "series"))
    os.makedirs(os.path.join(ROOT, "cases"))
    series = make_series()
    for name, s in series.items():
        with open(os.path.join(ROOT, "series", f"{name}.csv"), "w") as f:
            f.write("index,timestamp,open,high,low,close,volume,other\n")
            for i in range(len(s["close"])):
                row = [str(i), str(int(s["timestamp"][i]))] + [cell(s[k][i]) for k in
                                                               ["open", "high", "low", "close", "volume", "other"]]
                f.write(",".join(row) + "\n")
    manifest = []
    for function, (compute, outputs, parameter_sets) in INDICATORS.items():
        arguments = [] if function in NO_SERIES else SERIES_ARGUMENTS.get(function, ["close"])
        for parameters in parameter_sets:
            for series_name, s in series.items():
                case = f"{function}_{'_'.join(str(p) for p in parameters) or 'default'}_{series_name}"
                entry = dict(case=case, function=function, series=series_name, arguments=arguments,
                             parameters=parameters, outputs=outputs,
                             oracle="numpy" if function in NUMPY_ORACLE else "talib")
                try:
                    values = compute(s, *parameters)
                except Exception as error:  # TA-Lib refuses the parameters (a period below its minimum)
                    entry["talib_rejects"] = True
                    entry["error"] = str(error)
                    manifest.append(entry)
                    break
                with open(os.path.join(ROOT, "cases", f"{case}.csv"), "w") as f:
                    f.write("index," + ",".join(outputs) + "\n")
                    for i in range(len(s["close"])):
                        f.write(str(i) + "," + ",".join(cell(v[i]) for v in values) + "\n")
                manifest.append(entry)
    for function, arguments, parameters, compute in OTHER_INPUTS:
        outputs = INDICATORS[function][1]
        s = series["walk_a"]
        case = f"{function}_{'_'.join(str(p) for p in parameters)}_on_{'_'.join(arguments)}_walk_a"
        values = compute(s)
        with open(os.path.join(ROOT, "cases", f"{case}.csv"), "w") as f:
            f.write("index," + ",".join(outputs) + "\n")
            for i in range(len(s["close"])):
                f.write(str(i) + "," + ",".join(cell(v[i]) for v in values) + "\n")
        manifest.append(dict(case=case, function=function, series="walk_a", arguments=arguments,
                             parameters=parameters, outputs=outputs, oracle="talib"))
    with open(os.path.join(ROOT, "cases.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"{len(manifest)} cases over {len(series)} series in {os.path.relpath(ROOT)}")


if __name__ == "__main__":
    main()
