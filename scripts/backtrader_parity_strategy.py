#!/usr/bin/env python3
"""The backtrader side of `scripts/backtrader_parity.py`: the anchor strategy in backtrader's own words.

Runs inside the virtual environment that holds backtrader (`.venv-bench`); backtrader_parity.py starts
it. Every `<SYMBOL>.csv` of --data becomes one data feed of a single Cerebro, and one strategy mirrors
`bench/parity/strategies/sma_rsi_hold.yaml`, written the way backtrader's tutorials write it:

    fast, slow, rsi = bt.ind.SMA(close, 10), bt.ind.SMA(close, 30), bt.ind.RSI(close, 14)
    if not self.position:
        if cross_up and rsi < 70: buy(size=100)
    elif cross_down: close()

Orders are market orders, filled whole at the next bar's open by backtrader's default broker (no
cheat-on-close, slippage, commission or volume cap), as the runner's paper broker does with zero
latency, slippage and fees and a 100% participation cap. An order sent at the last bar never fills.

Two choices, each because backtrader's stock form would not mean what the runner's YAML means:

- The crossing is an explicit comparison of the difference d = fast - slow on this bar and the one
  before: up when d > 0 now and d <= 0 before, down when d < 0 now and d >= 0 before, false when either
  is NaN. That is the runner's `crosses_above` / `crosses_below`. `bt.ind.CrossOver` differs on exact
  ties: it compares with the last *non-zero* difference and needs it strictly on the other side, so
  it misses the cross of +, 0, + (a touch from above and back up: the runner enters) and of -, 0, -
  (the runner exits), and it has no value on the first bar where both averages exist.
- --indicators picks the indicators. `backtrader` (the default) is bt.ind.SMA and bt.ind.RSI.
  bt.ind.RSI is Wilder's RSI as TA-Lib's is: up and down moves against the previous close, each
  smoothed by SmoothedMovingAverage (alpha 1/period) seeded with the plain mean of the first 14 moves,
  first value on bar 15; it computes 100 - 100 / (1 + up / down) where TA-Lib computes
  100 * up / (up + down), the same number up to float rounding. bt.ind.SMA sums its window with
  math.fsum, TA-Lib (and the runner, bit for bit) keeps a running sum; where SMA(10) and SMA(30) are
  exactly equal (cent prices make that happen) the two round the zero difference differently (noise
  of either sign, or exactly 0), and a cross moves by one bar. `talib` uses backtrader's TA-Lib wrappers, bt.talib.SMA and bt.talib.RSI
  (the `ta-lib` package), which compute exactly what the runner's indicators compute.

Prints one JSON object: versions, bars per symbol, and every order in the order it was sent (symbol,
the decision bar's epoch ms, side, quantity, and the fill's epoch ms and price, null if unfilled).
"""
import argparse
import json
import sys

import backtrader as bt

from bench_backtrader_strategy import add_csv_feeds, epoch_ms


# (SMA, RSI) of a line and a period, by --indicators.
INDICATORS = {
    "backtrader": (lambda line, period: bt.ind.SMA(line, period=period),
                   lambda line, period: bt.ind.RSI(line, period=period)),
    "talib": (lambda line, period: bt.talib.SMA(line, timeperiod=period),
              lambda line, period: bt.talib.RSI(line, timeperiod=period)),
}


class SmaRsiHold(bt.Strategy):
    params = (("fast", 10), ("slow", 30), ("rsi", 14), ("rsi_limit", 70.0), ("size", 100),
              ("indicators", "backtrader"))

    def __init__(self):
        sma, rsi = INDICATORS[self.p.indicators]
        self.difference = {}
        self.strength = {}
        for data in self.datas:
            self.difference[data] = sma(data.close, self.p.fast) - sma(data.close, self.p.slow)
            self.strength[data] = rsi(data.close, self.p.rsi)
        self.orders = []

    def crossing(self, data):
        """(up, down) on this bar, by the runner's definition; NaN compares false, so no cross."""
        now, before = self.difference[data][0], self.difference[data][-1]
        return now > 0 and before <= 0, now < 0 and before >= 0

    def next(self):
        for data in self.datas:
            up, down = self.crossing(data)
            if not self.getposition(data):
                if up and self.strength[data][0] < self.p.rsi_limit:
                    self.orders.append(self.buy(data=data, size=self.p.size))
            elif down:
                self.orders.append(self.close(data=data))


def describe(order):
    filled = order.status == order.Completed
    return {
        "symbol": order.data._name,
        "decided": epoch_ms(order.created.dt),
        "side": "buy" if order.isbuy() else "sell",
        "quantity": abs(int(order.created.size)),
        "filled": epoch_ms(order.executed.dt) if filled else None,
        "price": order.executed.price if filled else None,
        "status": order.getstatusname(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder of <SYMBOL>.csv files")
    parser.add_argument("--indicators", choices=sorted(INDICATORS), default="backtrader")
    parser.add_argument("--cash", type=float, default=10_000_000)
    args = parser.parse_args()

    cerebro = bt.Cerebro(preload=True, runonce=True, stdstats=False)
    cerebro.broker.setcash(args.cash)
    add_csv_feeds(cerebro, args.data)
    cerebro.addstrategy(SmaRsiHold, indicators=args.indicators)
    strategy = cerebro.run()[0]
    json.dump({
        "python": sys.version.split()[0],
        "backtrader": bt.__version__,
        "indicators": args.indicators,
        "bars": {data._name: len(data) for data in strategy.datas},
        "orders": [describe(order) for order in strategy.orders],
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
