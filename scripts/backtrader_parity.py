#!/usr/bin/env python3
"""Parity with backtrader: the runner's orders for the anchor strategy, order by order, against backtrader's.

The anchor strategy (`bench/parity/strategies/sma_rsi_hold.yaml`): enter long 100 shares on the bar
where SMA(10) crosses above SMA(30) with RSI(14) under 70, hold, exit on the bar where it crosses back
below. For each data set the script

  1. copies the config root `bench/parity/` into a temporary folder with the bars in its `data/`, and
     runs `runner run --root TMP --env parity --progress-every 0` (RUNNER_ENV removed: paper; the paper
     broker fills market orders whole at the next bar's open, with no latency, slippage, fees or
     participation cap, as backtrader's default broker does);
  2. reads the runner's orders from its SQLite journal: `parent_orders` and their `child_orders` with
     their `executions`, each paired with the gate's decision that changed the target (`decisions`),
     whose `decision_time` names the bar that decided it;
  3. runs backtrader's version of the strategy (scripts/backtrader_parity_strategy.py, one data feed
     per symbol) twice, in the virtual environment `.venv-bench` (made on first use, with backtrader and
     ta-lib from PyPI): with backtrader's TA-Lib indicators (bt.talib.SMA, bt.talib.RSI), and in the
     tutorial form (bt.ind.SMA, bt.ind.RSI);
  4. compares the orders: symbol, decision bar, side, quantity, fill time and fill price, all exact.

The check passes (exit status 0) when, on every data set,
  - the runner's orders equal backtrader's with TA-Lib's indicators, every one; and
  - every order where the tutorial form differs sits at an exact tie: SMA(10) == SMA(30) in exact
    decimal arithmetic on the decision bar or the bar before it. Prices are whole cents, so such ties
    happen (8 bars of the bundled sample); there the computed difference is float rounding noise, and
    bt.ind.SMA (math.fsum over its window) and TA-Lib's running sum, which the runner's SMA equals bit
    for bit, round to opposite signs: the cross, and so the order, moves by one bar. Any other
    difference, an RSI one included, fails the check.
Otherwise it prints the first difference with the orders around it and exits 1.

The crossing on the backtrader side is an explicit comparison equal to the runner's `crosses_above` /
`crosses_below`, not bt.ind.CrossOver, which skips zero differences (a touch and back, +, 0, +, is a
cross for the runner and not for CrossOver); bt.ind.RSI is Wilder's, as TA-Lib's: see
scripts/backtrader_parity_strategy.py.

Data sets: `sample` (the bundled data/sample, 5 symbols x 1,170 one-minute bars) and `generated`
(`runner data generate --symbols AAPL,JPM,MSFT,NVDA,XOM --days N --seed 7`, 390 bars a session).

Usage (from the repository root, after `swift build`):
  python3 scripts/backtrader_parity.py [--runner .build/debug/runner] [--data sample,generated] [--days 20]
"""
import argparse
import datetime
import json
import os
import shutil
import sqlite3
import sys
import tempfile
from decimal import Decimal

from backtrader_venv import BACKTRADER, TALIB, venv_python
from bench_replay import run_child, runner_environment

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PARITY_ROOT = os.path.join(REPOSITORY, "bench", "parity")
SAMPLE = os.path.join(REPOSITORY, "data", "sample")
BACKTRADER_SCRIPT = os.path.join(REPOSITORY, "scripts", "backtrader_parity_strategy.py")
ENVIRONMENT = "parity"
STRATEGY = "sma_rsi_hold"
SYMBOLS = ["AAPL", "JPM", "MSFT", "NVDA", "XOM"]  # the strategy's universe
FAST, SLOW = 10, 30
SEED = 7
# What an order is compared by; `decided` is the start time (epoch ms) of the bar whose close decided it.
FIELDS = ("symbol", "decided", "side", "quantity", "filled", "price")
LISTED = 30  # differences of the tutorial form printed, at most


# MARK: data

class Bars:
    """One symbol's bars as the CSV holds them: start times (epoch ms) and closes as exact decimals."""

    def __init__(self, path):
        self.times, self.closes = [], []
        with open(path) as file:
            header = next(file).strip().split(",")
            at, close = header.index("timestamp"), header.index("close")
            for line in file:
                fields = line.strip().split(",")
                self.times.append(epoch_ms(fields[at]))
                self.closes.append(Decimal(fields[close]))

    def ties(self):
        """Start times of the bars where SMA(10) == SMA(30) exactly (3 x sum of 10 == sum of 30)."""
        found = set()
        for index in range(SLOW - 1, len(self.closes)):
            if 3 * sum(self.closes[index - FAST + 1:index + 1]) == sum(self.closes[index - SLOW + 1:index + 1]):
                found.add(self.times[index])
        return found

    def decided_by(self, tick):
        """The bar a decision at `tick` (epoch ms, the end of its bar) decided: the last that started before it."""
        low, high = 0, len(self.times)
        while low < high:
            middle = (low + high) // 2
            if self.times[middle] < tick:
                low = middle + 1
            else:
                high = middle
        return self.times[low - 1] if low else None

    def before(self, time):
        index = self.times.index(time)
        return self.times[index - 1] if index else None


def epoch_ms(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def prepare(args, name, folder):
    """A copy of bench/parity in `folder` with data set `name` in its data/ folder; its root."""
    root = os.path.join(folder, name)
    shutil.copytree(PARITY_ROOT, root)
    data = os.path.join(root, "data")
    if name == "sample":
        shutil.copytree(SAMPLE, data)
    else:
        run_child([args.runner, "data", "generate", "--symbols", ",".join(SYMBOLS), "--days", str(args.days),
                   "--seed", str(SEED), "--output", data])
    return root


# MARK: the two sides

def runner_orders(args, root, bars):
    """The runner's orders in the order it made them, each with its execution and the bar that decided it.

    The decision bar comes from the gate's journaled decisions: each approved target that changes the
    symbol's target made one parent order (nothing is sliced or netted here), so a symbol's changes and
    its parent orders pair up in order; `decision_time` is the end of the decided bar (the time of the
    decision tick would not do: the last bar is decided when the data ends, at the clock of its start)."""
    run_child([args.runner, "run", "--root", root, "--env", ENVIRONMENT, "--progress-every", "0"],
              env=runner_environment())
    path = os.path.join(root, "var", ENVIRONMENT, "journal.sqlite")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        decisions = db.execute("SELECT symbol, side, size, decision_time, approved FROM decisions WHERE strategy = ? "
                               "ORDER BY id", (STRATEGY,)).fetchall()
        rows = db.execute(
            "SELECT p.id, p.symbol, p.quantity, count(DISTINCT c.client_order_id), c.side, c.quantity, c.status, "
            "       count(e.id), min(e.timestamp), max(e.timestamp), sum(e.quantity), min(e.price), max(e.price) "
            "FROM parent_orders p JOIN child_orders c ON c.parent_id = p.id "
            "LEFT JOIN executions e ON e.client_order_id = c.client_order_id "
            "WHERE p.strategy = ? GROUP BY p.id ORDER BY p.rowid", (STRATEGY,)).fetchall()
    denied = sum(1 for *_, approved in decisions if not approved)
    if denied:
        sys.exit(f"error: the gate denied {denied} of the runner's targets; bench/parity/limits/parity.yaml must let "
                 "every order through, as backtrader has no gate")
    changes, targets = {symbol: [] for symbol in SYMBOLS}, dict.fromkeys(SYMBOLS, 0)
    for symbol, side, size, decision_time, _ in decisions:
        target = {"long": size, "short": -size, "flat": 0}[side]
        if target != targets[symbol]:
            changes[symbol].append((target - targets[symbol], decision_time))
            targets[symbol] = target
    orders = []
    for parent, symbol, change, children, side, quantity, status, fills, first_fill, last_fill, filled, low, high in rows:
        if children != 1 or (fills > 1 and (first_fill != last_fill or low != high or filled != quantity)):
            sys.exit(f"error: the runner worked order {parent} as {children} child orders and {fills} fills; this "
                     "check expects one child order filled whole (nothing sliced, a 100% participation cap)")
        if not changes[symbol] or changes[symbol][0][0] != change:
            sys.exit(f"error: the runner's order {parent} ({symbol} {change:+}) matches no change of its target in "
                     f"the journal's decisions (next change: {changes[symbol][:1]})")
        _, decision_time = changes[symbol].pop(0)
        orders.append({
            "symbol": symbol, "decided": bars[symbol].decided_by(decision_time), "side": side, "quantity": quantity,
            "filled": first_fill, "price": float(low) if low is not None else None, "status": status,
        })
    return orders


def backtrader_orders(python, data, indicators):
    child = run_child([python, BACKTRADER_SCRIPT, "--data", data, "--indicators", indicators])
    return json.loads(child.stdout)


# MARK: comparison

def key(order):
    return tuple(order[field] for field in FIELDS)


def differences(ours, theirs):
    """(orders only the runner made, orders only backtrader made), as multisets of FIELDS."""
    remaining = {}
    for order in theirs:
        remaining.setdefault(key(order), []).append(order)
    only_ours = []
    for order in ours:
        if remaining.get(key(order)):
            remaining[key(order)].pop()
        else:
            only_ours.append(order)
    return only_ours, [order for left in remaining.values() for order in left]


def show(order):
    if order is None:
        return "none"
    fill = f"filled {stamp(order['filled'])} at {order['price']}" if order["filled"] is not None else "never filled"
    return f"{order['symbol']} {order['side']} {order['quantity']} decided at the bar of {stamp(order['decided'])}, {fill}"


def stamp(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def first_difference(ours, theirs, only_ours, among):
    """The earliest differing order of `among` and the orders of its symbol around it on both sides."""
    first = min(among, key=lambda order: (order["decided"], order["symbol"]))
    lines = [f"    first difference: {'runner' if first in only_ours else 'backtrader'} only: {show(first)}"]
    for name, orders in (("runner", ours), ("backtrader", theirs)):
        same = [order for order in orders if order["symbol"] == first["symbol"]]
        nearest = min(range(len(same)), key=lambda i: abs(same[i]["decided"] - first["decided"])) if same else 0
        lines.append(f"    {name}'s {first['symbol']} orders around it:")
        lines += [f"      {show(order)}" for order in same[max(nearest - 2, 0):nearest + 3]] or ["      none"]
    return "\n".join(lines)


def at_a_tie(order, bars, ties):
    """Whether the order's crossing involved an exact tie: on its decision bar or the bar before."""
    symbol = order["symbol"]
    return order["decided"] in ties[symbol] or bars[symbol].before(order["decided"]) in ties[symbol]


def check(name, root, args, python):
    data = os.path.join(root, "data")
    bars = {symbol: Bars(os.path.join(data, f"{symbol}.csv")) for symbol in SYMBOLS}
    ties = {symbol: bars[symbol].ties() for symbol in SYMBOLS}
    lengths = sorted({len(b.times) for b in bars.values()})
    print(f"== {name}: {len(SYMBOLS)} symbols x {', '.join(f'{n:,}' for n in lengths)} bars; exact ties of SMA(10) "
          f"and SMA(30): {sum(len(t) for t in ties.values())} bars ==")
    ours = runner_orders(args, root, bars)
    filled = sum(order["filled"] is not None for order in ours)
    print(f"  runner: {len(ours)} orders, {filled} filled")
    passed = True

    talib = backtrader_orders(python, data, "talib")
    only_ours, only_theirs = differences(ours, talib["orders"])
    equal = len(ours) - len(only_ours)
    print(f"  backtrader {talib['backtrader']} with bt.talib.SMA and bt.talib.RSI: {len(talib['orders'])} orders; "
          f"{equal} of them equal to the runner's, order by order ({', '.join(FIELDS)})")
    if only_ours or only_theirs:
        passed = False
        print(f"  DIFFERENT: {len(only_ours)} runner orders and {len(only_theirs)} backtrader orders have no equal")
        print(first_difference(ours, talib["orders"], only_ours, only_ours + only_theirs))

    tutorial = backtrader_orders(python, data, "backtrader")
    only_ours, only_theirs = differences(ours, tutorial["orders"])
    unexplained = [order for order in only_ours + only_theirs if not at_a_tie(order, bars, ties)]
    print(f"  backtrader with bt.ind.SMA and bt.ind.RSI (the tutorial form): {len(tutorial['orders'])} orders; "
          f"{len(ours) - len(only_ours)} equal to the runner's; {len(only_ours)} runner and {len(only_theirs)} "
          f"backtrader orders differ, {len(only_ours) + len(only_theirs) - len(unexplained)} of them at an exact tie")
    listed = sorted(only_ours + only_theirs, key=lambda o: (o["decided"], o["symbol"]))
    for order in listed[:LISTED]:
        tie = "at a tie" if order not in unexplained else "NOT at a tie"
        print(f"    {'runner' if order in only_ours else 'tutorial'} only ({tie}): {show(order)}")
    if len(listed) > LISTED:
        print(f"    ... and {len(listed) - LISTED} more")
    if unexplained:
        passed = False
        print(first_difference(ours, tutorial["orders"], only_ours, unexplained))
    return passed, len(ours), len(listed)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runner", default=os.path.join(REPOSITORY, ".build", "debug", "runner"),
                        help="the runner binary (default .build/debug/runner)")
    parser.add_argument("--data", default="sample,generated",
                        help="data sets, comma-separated: sample, generated (default both)")
    parser.add_argument("--days", type=int, default=20, help="sessions of generated data (default 20)")
    parser.add_argument("--venv", default=os.path.join(REPOSITORY, ".venv-bench"),
                        help="virtual environment with backtrader and ta-lib, made on first use (default .venv-bench)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary roots (data and journals)")
    args = parser.parse_args()
    args.runner = os.path.abspath(args.runner)
    if not os.access(args.runner, os.X_OK):
        sys.exit(f"error: no runner binary at {args.runner}\nbuild it first: swift build   (or pass --runner PATH)")
    names = [name for name in args.data.split(",") if name]
    unknown = [name for name in names if name not in ("sample", "generated")]
    if unknown or not names:
        sys.exit(f"error: --data takes sample and generated, not {', '.join(unknown) or 'nothing'}")
    python = venv_python(args.venv, requirements=(BACKTRADER, TALIB), modules=("backtrader", "talib"))

    folder = tempfile.mkdtemp(prefix="backtrader-parity-")
    results = []
    try:
        for name in names:
            results.append(check(name, prepare(args, name, folder), args, python))
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    compared = sum(count for _, count, _ in results)
    if all(passed for passed, _, _ in results):
        print(f"parity: {compared} runner orders compared, all equal to backtrader's with TA-Lib's indicators; the "
              f"{sum(ties for _, _, ties in results)} orders where the tutorial form differs all sit at exact ties")
        return 0
    print(f"NO PARITY: see the differences above ({compared} runner orders compared)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
