#!/usr/bin/env python3
"""The backtrader side of `scripts/bench_replay.py backtrader`: bench/replay's `sma_cross` in backtrader.

Runs inside the virtual environment that holds backtrader (`.venv-bench`); bench_replay.py starts it.
Every `<SYMBOL>.csv` of --data becomes one data feed of a single Cerebro, and one strategy mirrors
`bench/replay/strategies/sma_cross.yaml` bar for bar:

  fast = SMA(close, 10), slow = SMA(close, 30); long 100 shares while fast - slow > 1e-6, short 100
  otherwise. Prices are whole cents, so exact ties (fast == slow) happen: 1,040 of the 999,710 bars
  of the 10 x 100,000 benchmark data. The 1e-6 edge makes a tie short in both instead of leaving it to
  float rounding, which differs between the two (the runner's streaming sum, math.fsum over the window
  here): with `fast > slow` the runner made 30,926 signals and backtrader 30,930 on that data, with
  per-symbol counts different for 9 of the 10 symbols.

A signal is a change of a symbol's wanted side (the first side once both averages exist counts as
one), which is what the runner's journal keeps in its `signals` table; each change sends one market
order for the difference (`order_target_size`), filled whole at the next bar's open by backtrader's
default broker (no cheat-on-close, no slippage, no commission, no volume cap), as the runner's paper
broker with zero latency does. An order sent at the last bar never fills, in both.

Made as fast as backtrader honestly allows: preload=True, runonce=True (indicators vectorised),
stdstats=False (no observers), no analyzers, and a C date parser instead of strptime. The timed part
is cerebro.run() (reading the CSV files included, as the runner's figure includes reading them).

Prints one JSON object: counts, timings and the fills (symbol, epoch ms, side, quantity, price).
"""
import argparse
import calendar
import datetime
import json
import os
import sys
import time

import backtrader as bt

SIZE = 100


def parse_timestamp(text):
    """`2026-01-05T14:30:00Z` as a naive UTC datetime (fromisoformat is C; strptime is slow)."""
    return datetime.datetime.fromisoformat(text[:-1] if text.endswith("Z") else text)


def epoch_ms(number):
    moment = bt.num2date(number)
    # num2date carries float rounding of a few microseconds: round to the second.
    return int(round(calendar.timegm(moment.timetuple()) + moment.microsecond / 1e6)) * 1000


def add_csv_feeds(cerebro, folder):
    """Adds each `<SYMBOL>.csv` of `folder` (the runner's columns: timestamp,symbol,open,high,low,close,
    volume) as a data feed named SYMBOL, in name order; returns the names."""
    names = sorted(name[:-4] for name in os.listdir(folder) if name.endswith(".csv"))
    for name in names:
        feed = bt.feeds.GenericCSVData(
            dataname=os.path.join(folder, name + ".csv"), name=name, headers=True, separator=",",
            dtformat=parse_timestamp, datetime=0, time=-1, open=2, high=3, low=4, close=5, volume=6,
            openinterest=-1, timeframe=bt.TimeFrame.Minutes, compression=1)
        cerebro.adddata(feed)
    return names


class SmaCross(bt.Strategy):
    params = (("fast", 10), ("slow", 30), ("size", SIZE), ("edge", 1e-6))

    def __init__(self):
        self.fast = [bt.indicators.SMA(data.close, period=self.p.fast) for data in self.datas]
        self.slow = [bt.indicators.SMA(data.close, period=self.p.slow) for data in self.datas]
        self.wanted = [0] * len(self.datas)
        self.signals = [0] * len(self.datas)
        self.orders_sent = 0
        self.fills = []
        self.rejected = 0
        self.next_calls = 0

    def next(self):
        self.next_calls += 1
        for index, data in enumerate(self.datas):
            side = 1 if self.fast[index][0] - self.slow[index][0] > self.p.edge else -1
            if side == self.wanted[index]:
                continue
            self.wanted[index] = side
            self.signals[index] += 1
            if self.order_target_size(data=data, target=side * self.p.size) is not None:
                self.orders_sent += 1

    def notify_order(self, order):
        if order.status == order.Completed:
            self.fills.append({
                "symbol": order.data._name,
                "timestamp": epoch_ms(order.executed.dt),
                "side": "buy" if order.isbuy() else "sell",
                "quantity": abs(int(order.executed.size)),
                "price": order.executed.price,
            })
        elif order.status in (order.Margin, order.Rejected):
            self.rejected += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder of <SYMBOL>.csv files")
    parser.add_argument("--cash", type=float, default=10_000_000)
    parser.add_argument("--edge", type=float, default=1e-6,
                        help="long needs fast - slow above this (default 1e-6; 0 leaves ties to float rounding)")
    args = parser.parse_args()

    started = time.perf_counter()
    cerebro = bt.Cerebro(preload=True, runonce=True, stdstats=False)
    cerebro.broker.setcash(args.cash)
    names = add_csv_feeds(cerebro, args.data)
    cerebro.addstrategy(SmaCross, edge=args.edge)
    run_started = time.perf_counter()
    strategy = cerebro.run()[0]
    finished = time.perf_counter()

    bars = sum(len(data) for data in strategy.datas)
    json.dump({
        "python": sys.version.split()[0],
        "backtrader": bt.__version__,
        "symbols": names,
        "bars": bars,
        "next_calls": strategy.next_calls,
        "setup_seconds": run_started - started,
        "run_seconds": finished - run_started,
        "signals": dict(zip(names, strategy.signals)),
        "orders": strategy.orders_sent,
        "rejected": strategy.rejected,
        "fills": strategy.fills,
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
