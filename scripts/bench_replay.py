#!/usr/bin/env python3
"""Replay benchmarks of `runner run` (issue 5): throughput, peak memory, and backtrader side by side.

Uses a release binary it does not build (`swift build -c release --product runner`, or --runner PATH),
the benchmark config root `bench/replay/` and seeded data from `runner data generate --seed 7`, cut
to exactly --bars-per-symbol rows per symbol (a session is 390 one-minute bars). Every run copies the
config root into a temporary folder, writes the bars into its `data/` folder and the journal into its
`var/`, runs `runner run --root TMP --env ENV --progress-every 0` (RUNNER_ENV removed: paper) as a
child process, and reads the child's wall time, CPU time and peak RSS (os.wait4), the summary it
prints and the counts in its SQLite journal.

  throughput  10 symbols x 100,000 bars, strategies sma_cross and zscore_revert (environment `replay`),
              --repeats runs; median bars/s, unpinned and pinned to one core with `taskset -c 0`.
  memory      peak RSS at 1e5, 1e6 and 1e7 bars in total (10 symbols x 1e4, 1e5, 1e6 bars).
  backtrader  the same 10 x 100,000 bars, sma_cross alone (environment `crossover`), the runner against
              backtrader (scripts/bench_backtrader_strategy.py in .venv-bench, made on first use):
              wall time, bars/s, their ratio, and signal and fill counts compared fill by fill.
  all         the three, in that order.

Usage (from the repository root):
  swift build -c release --product runner
  python3 scripts/bench_replay.py throughput|memory|backtrader|all [--runner PATH] [--repeats 3]

The runner part needs only the standard library.
"""
import argparse
import datetime
import json
import math
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

from backtrader_venv import venv_python

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_ROOT = os.path.join(REPOSITORY, "bench", "replay")
BACKTRADER_SCRIPT = os.path.join(REPOSITORY, "scripts", "bench_backtrader_strategy.py")
SYMBOLS = [f"S{i}" for i in range(1, 11)]
BARS_PER_DAY = 390
SEED = 7


# MARK: running children

class Child:
    """A finished child process: output, wall and CPU seconds, peak RSS in MiB."""

    def __init__(self, command, stdout, stderr, status, wall, user, system, max_rss_kib):
        self.command, self.stdout, self.stderr, self.status = command, stdout, stderr, status
        self.wall, self.user, self.system = wall, user, system
        self.rss_mib = max_rss_kib / 1024


def run_child(command, env=None, check=True):
    """Runs `command` to its end and measures it alone with os.wait4 (its own rusage, not the sum of
    every child so far as RUSAGE_CHILDREN would give). Output goes to temporary files, not pipes, so
    a large output never stalls the child."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        child = Child(command, out.read().decode(), err.read().decode(), process.returncode, wall,
                      usage.ru_utime, usage.ru_stime, usage.ru_maxrss)
    if check and child.status != 0:
        sys.exit(f"error: {' '.join(command)} exited with {child.status}\n{child.stdout}{child.stderr}")
    return child


def runner_environment():
    env = dict(os.environ)
    env.pop("RUNNER_ENV", None)
    return env


# MARK: data and config root

def prepare_root(runner, folder, bars_per_symbol):
    """Copies bench/replay into `folder` and writes exactly `bars_per_symbol` bars per symbol into its
    data/ folder; returns the root and how long generating took."""
    root = os.path.join(folder, "root")
    shutil.copytree(BENCH_ROOT, root)
    data = os.path.join(root, "data")
    days = math.ceil(bars_per_symbol / BARS_PER_DAY)
    started = time.perf_counter()
    run_child([runner, "data", "generate", "--symbols", ",".join(SYMBOLS), "--days", str(days),
               "--seed", str(SEED), "--output", data])
    for symbol in SYMBOLS:
        truncate_csv(os.path.join(data, f"{symbol}.csv"), bars_per_symbol)
    return root, time.perf_counter() - started


def truncate_csv(path, rows):
    """Keeps the header and the first `rows` rows (whole sessions are generated; the last is cut)."""
    with open(path, "rb+") as file:
        file.readline()
        for _ in range(rows):
            if not file.readline():
                sys.exit(f"error: {path} has fewer than {rows} rows")
        file.truncate(file.tell())


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(path, name)) for name in os.listdir(path))


# MARK: one runner run

SUMMARY_PATTERNS = {
    "bars": r"bars: (\d+)",
    "runner_seconds": r"bars: \d+.* in ([\d.]+) s",
    "targets": r"targets: (\d+)",
    "approved": r"(\d+) approved",
    "denied": r"(\d+) denied",
    "parent_orders": r"orders: (\d+) parent",
    "child_orders": r"(\d+) child planned",
    "child_orders_sent": r"(\d+) sent;",
    "fills": r"fills: (\d+)",
}


def run_runner(runner, root, environment, pin=False):
    command = [runner, "run", "--root", root, "--env", environment, "--progress-every", "0"]
    if pin:
        command = ["taskset", "-c", "0"] + command  # taskset execs the runner: same pid, its rusage
    child = run_child(command, env=runner_environment())
    summary = {}
    for key, pattern in SUMMARY_PATTERNS.items():
        match = re.search(pattern, child.stdout)
        if not match:
            sys.exit(f"error: no '{key}' in the runner's summary:\n{child.stdout}")
        summary[key] = float(match.group(1)) if key == "runner_seconds" else int(match.group(1))
    denials = re.search(r"denied \((.*)\)", child.stdout)
    summary["denials"] = denials.group(1) if denials else ""
    child.summary = summary
    child.journal = journal_counts(os.path.join(root, "var", environment, "journal.sqlite"))
    return child


def journal_counts(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        one = lambda sql: db.execute(sql).fetchone()[0]
        return {
            "signals": one("SELECT count(*) FROM signals"),
            "signals_by_strategy": dict(db.execute("SELECT strategy, count(*) FROM signals GROUP BY strategy")),
            "decisions": one("SELECT count(*) FROM decisions"),
            "decisions_approved": one("SELECT count(*) FROM decisions WHERE approved = 1"),
            "parent_orders": one("SELECT count(*) FROM parent_orders"),
            "child_orders": one("SELECT count(*) FROM child_orders"),
            "child_orders_by_status": dict(db.execute("SELECT status, count(*) FROM child_orders GROUP BY status")),
            "sliced_parents": one("SELECT count(*) FROM parent_orders WHERE algorithm != 'direct'"),
            "executions": one("SELECT count(*) FROM executions"),
        }


def describe_run(label, child):
    s, j = child.summary, child.journal
    cpu = child.user + child.system
    print(f"  {label}: {s['bars']:,} bars, wall {child.wall:.2f} s = {s['bars'] / child.wall:,.0f} bars/s; "
          f"runner's own figure {s['runner_seconds']:.2f} s = {s['bars'] / s['runner_seconds']:,.0f} bars/s; "
          f"CPU {cpu:.2f} s ({cpu / child.wall:.2f} cores); peak RSS {child.rss_mib:,.1f} MiB")


def describe_counts(child):
    s, j = child.summary, child.journal
    print(f"  targets {s['targets']:,}; journal: signals {j['signals']:,} {j['signals_by_strategy']}, decisions "
          f"{j['decisions']:,} ({j['decisions_approved']:,} approved); gate: {s['approved']:,} approved, "
          f"{s['denied']:,} denied{' (' + s['denials'] + ')' if s['denials'] else ''}")
    print(f"  orders: {j['parent_orders']:,} parent ({j['sliced_parents']:,} sliced), {j['child_orders']:,} child "
          f"{j['child_orders_by_status']}; fills {s['fills']:,} (journal executions {j['executions']:,})")


# MARK: throughput

def throughput(args, shared):
    print(f"== throughput: {len(SYMBOLS)} symbols x {args.bars_per_symbol:,} bars, strategies sma_cross + "
          f"zscore_revert, environment replay, {args.repeats} runs each ==")
    root = shared.root(args.bars_per_symbol)
    variants = [("unpinned", False)]
    if shutil.which("taskset"):
        variants.append(("taskset -c 0", True))
    else:
        print("  (taskset not found: no pinned variant)")
    results = {}
    for name, pin in variants:
        runs = []
        for index in range(args.repeats):
            child = run_runner(args.runner, root, "replay", pin=pin)
            describe_run(f"{name} run {index + 1}", child)
            runs.append(child)
        describe_counts(runs[-1])
        wall = statistics.median(c.summary["bars"] / c.wall for c in runs)
        own = statistics.median(c.summary["bars"] / c.summary["runner_seconds"] for c in runs)
        rss = max(c.rss_mib for c in runs)
        results[name] = (wall, own, rss)
    print(f"  {'variant':<14}{'median bars/s (wall)':>22}{'median bars/s (runner)':>24}{'peak RSS MiB':>14}")
    for name, (wall, own, rss) in results.items():
        print(f"  {name:<14}{wall:>22,.0f}{own:>24,.0f}{rss:>14,.1f}")
    print("  target: >= 1,000,000 bars/s on one core")
    return results


# MARK: memory

def memory(args, shared):
    sizes = [int(float(text)) for text in args.memory_bars.split(",")]
    print(f"== memory: peak RSS of `runner run` (environment replay) at {', '.join(f'{n:,}' for n in sizes)} "
          f"bars in total ({len(SYMBOLS)} symbols) ==")
    rows = []
    for total in sizes:
        per_symbol = total // len(SYMBOLS)
        with tempfile.TemporaryDirectory(prefix="bench-replay-mem-", dir=args.tmp) as folder:
            root, generating = prepare_root(args.runner, folder, per_symbol)
            data_mib = folder_bytes(os.path.join(root, "data")) / 2**20
            child = run_runner(args.runner, root, "replay")
            describe_run(f"{total:,} bars", child)
            journal_mib = os.path.getsize(os.path.join(root, "var", "replay", "journal.sqlite")) / 2**20
            rows.append((total, child, data_mib, journal_mib, generating))
    print(f"  {'bars':>12}{'CSV MiB':>10}{'peak RSS MiB':>14}{'wall s':>9}{'bars/s':>12}{'fills':>10}"
          f"{'journal MiB':>13}")
    for total, child, data_mib, journal_mib, _ in rows:
        print(f"  {total:>12,}{data_mib:>10,.0f}{child.rss_mib:>14,.1f}{child.wall:>9.1f}"
              f"{child.summary['bars'] / child.wall:>12,.0f}{child.summary['fills']:>10,}{journal_mib:>13,.1f}")
    return rows


# MARK: backtrader

def backtrader(args, shared):
    print(f"== backtrader: {len(SYMBOLS)} symbols x {args.bars_per_symbol:,} bars, sma_cross alone "
          f"(SMA(10)/SMA(30), long or short 100 shares), environment crossover ==")
    python = venv_python(args.venv)
    root = shared.root(args.bars_per_symbol)
    runs = []
    for index in range(args.repeats):
        child = run_runner(args.runner, root, "crossover")
        describe_run(f"runner run {index + 1}", child)
        runs.append(child)
    runner = sorted(runs, key=lambda c: c.wall)[len(runs) // 2]
    describe_counts(runner)

    bt_runs = []
    for index in range(args.backtrader_repeats):
        child = run_child([python, BACKTRADER_SCRIPT, "--data", os.path.join(root, "data")])
        child.result = json.loads(child.stdout)
        r = child.result
        print(f"  backtrader {r['backtrader']} (Python {r['python']}) run {index + 1}: {r['bars']:,} bars, wall "
              f"{child.wall:.2f} s = {r['bars'] / child.wall:,.0f} bars/s; cerebro.run {r['run_seconds']:.2f} s = "
              f"{r['bars'] / r['run_seconds']:,.0f} bars/s; peak RSS {child.rss_mib:,.1f} MiB")
        bt_runs.append(child)
    bt = sorted(bt_runs, key=lambda c: c.wall)[len(bt_runs) // 2]
    result = bt.result

    bars = runner.summary["bars"]
    runner_rate, bt_rate = bars / runner.wall, result["bars"] / bt.wall
    ours_signals = runner_signals_by_symbol(root)
    runner_signals, bt_signals = sum(ours_signals.values()), sum(result["signals"].values())
    crossovers = lambda counts: sum(max(n - 1, 0) for n in counts.values())
    cpu = lambda c: c.user + c.system
    print(f"  {'':<12}{'wall s':>9}{'CPU s':>8}{'bars/s':>12}{'signals':>9}{'crossovers':>12}{'orders':>8}{'fills':>7}"
          f"{'peak RSS MiB':>14}")
    print(f"  {'runner':<12}{runner.wall:>9.2f}{cpu(runner):>8.2f}{runner_rate:>12,.0f}{runner_signals:>9,}"
          f"{crossovers(ours_signals):>12,}{runner.journal['child_orders']:>8,}{runner.summary['fills']:>7,}"
          f"{runner.rss_mib:>14,.1f}")
    print(f"  {'backtrader':<12}{bt.wall:>9.2f}{cpu(bt):>8.2f}{bt_rate:>12,.0f}{bt_signals:>9,}"
          f"{crossovers(result['signals']):>12,}{result['orders']:>8,}{len(result['fills']):>7,}{bt.rss_mib:>14,.1f}")
    print(f"  ratio runner/backtrader, bars/s over each process's wall time: {runner_rate / bt_rate:.1f}x "
          f"(runner's own figure against cerebro.run alone: "
          f"{(bars / runner.summary['runner_seconds']) / (result['bars'] / result['run_seconds']):.1f}x; "
          f"by CPU time: {cpu(bt) / cpu(runner):.1f}x, as the runner's journal writes on a second thread "
          f"({cpu(runner) / runner.wall:.2f} cores) and backtrader uses one)")
    print("  signals: changes of a symbol's wanted side (the first side counts); crossovers: signals after the first")
    if result["bars"] != bars:
        print(f"  NOTE: bar counts differ: runner {bars:,}, backtrader {result['bars']:,}")
    compare(root, ours_signals, result)
    return runner, bt


def next_bars(path):
    """For each bar's timestamp (epoch ms) of a CSV file, the timestamp and open of the bar after it."""
    with open(path) as file:
        next(file)
        rows = [line.split(",", 3) for line in file]
    stamps = [int(datetime.datetime.fromisoformat(r[0].replace("Z", "+00:00")).timestamp() * 1000) for r in rows]
    return {stamps[i]: (stamps[i + 1], float(rows[i + 1][2])) for i in range(len(rows) - 1)}


def runner_signals_by_symbol(root):
    path = os.path.join(root, "var", "crossover", "journal.sqlite")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return dict(db.execute("SELECT symbol, count(*) FROM signals WHERE strategy = 'sma_cross' GROUP BY symbol"))


def compare(root, ours_signals, result):
    """Signals per symbol, then fills per symbol: identical (time, side, quantity, price), the same
    orders each filled at the symbol's next bar (its time and open; same side and quantity), or different."""
    different = [s for s in SYMBOLS if ours_signals.get(s, 0) != result["signals"].get(s, 0)]
    if different:
        print("  signals per symbol DIFFER for " + ", ".join(
            f"{s} (runner {ours_signals.get(s, 0)}, backtrader {result['signals'].get(s, 0)})" for s in different))
    else:
        print(f"  signals per symbol: identical for all {len(SYMBOLS)} symbols")
    path = os.path.join(root, "var", "crossover", "journal.sqlite")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        # Prices are exact decimal text in the journal; float() for the comparison with backtrader's.
        ours = [dict(symbol=s, timestamp=t, side=d, quantity=q, price=float(p)) for s, t, d, q, p in
                db.execute("SELECT symbol, timestamp, side, quantity, price FROM executions ORDER BY id")]
    theirs = result["fills"]
    print(f"  fills: runner {len(ours):,}, backtrader {len(theirs):,} "
          f"({'same count' if len(ours) == len(theirs) else 'DIFFERENT counts'})")
    exact, shifted, other = [], [], []
    for symbol in SYMBOLS:
        a = [f for f in ours if f["symbol"] == symbol]
        b = [f for f in theirs if f["symbol"] == symbol]
        order = lambda f: (f["side"], f["quantity"])
        if len(a) == len(b) and all(order(x) == order(y) and x["timestamp"] == y["timestamp"]
                                    and abs(x["price"] - y["price"]) < 1e-9 for x, y in zip(a, b)):
            exact.append(symbol)
            continue
        following = next_bars(os.path.join(root, "data", f"{symbol}.csv"))
        if len(a) == len(b) and all(order(x) == order(y) and following.get(y["timestamp"]) is not None
                                    and (x["timestamp"], x["price"]) == following[y["timestamp"]]
                                    for x, y in zip(a, b)):
            shifted.append(symbol)
        else:
            first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            at = lambda fills: fills[first] if first < len(fills) else None
            other.append(f"{symbol} ({len(a)} against {len(b)}, first difference at fill {first + 1}: "
                         f"runner {at(a)}, backtrader {at(b)})")
    print(f"  fill by fill (time, side, quantity, price): identical for {len(exact)} of {len(SYMBOLS)} symbols")
    if shifted:
        print(f"  the same orders, each filled one bar later (at the open of the symbol's next bar) in the runner, for "
              f"{', '.join(shifted)}: the first file in name order holds the bar that completes each minute, so "
              "the runner decides while reading that bar, after the broker has matched it, and the order waits for "
              "the symbol's next bar; backtrader decides after every feed's bar and fills all at the next open")
    if other:
        print(f"  fills that differ otherwise: {'; '.join(other)}")
    if result["orders"] != len(theirs):
        print(f"  backtrader: {result['orders'] - len(theirs)} order(s) sent at the last bar, never filled")


# MARK: main

def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class SharedData:
    """The 10 x N data set that throughput and backtrader share, generated once per invocation."""

    def __init__(self, args):
        self.args = args
        self.folder = None
        self.roots = {}

    def root(self, bars_per_symbol):
        if bars_per_symbol not in self.roots:
            if self.folder is None:
                self.folder = tempfile.mkdtemp(prefix="bench-replay-", dir=self.args.tmp)
            folder = os.path.join(self.folder, str(bars_per_symbol))
            os.makedirs(folder)
            root, seconds = prepare_root(self.args.runner, folder, bars_per_symbol)
            print(f"  data: {len(SYMBOLS)} x {bars_per_symbol:,} bars in {root}/data "
                  f"({folder_bytes(os.path.join(root, 'data')) / 2**20:,.0f} MiB, generated in {seconds:.1f} s)")
            self.roots[bars_per_symbol] = root
        return self.roots[bars_per_symbol]

    def clean(self):
        if self.folder and not self.args.keep:
            shutil.rmtree(self.folder, ignore_errors=True)
        elif self.folder:
            print(f"kept {self.folder}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmark", choices=["throughput", "memory", "backtrader", "all"])
    parser.add_argument("--runner", default=os.path.join(REPOSITORY, ".build", "release", "runner"),
                        help="the release binary (default .build/release/runner)")
    parser.add_argument("--bars-per-symbol", type=int, default=100_000,
                        help="bars per symbol for throughput and backtrader (default 100000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of the runner per variant (default 3)")
    parser.add_argument("--backtrader-repeats", type=int, default=1, help="runs of backtrader (default 1)")
    parser.add_argument("--memory-bars", default="1e5,1e6,1e7",
                        help="total bar counts for memory, 10 symbols each (default 1e5,1e6,1e7)")
    parser.add_argument("--venv", default=os.path.join(REPOSITORY, ".venv-bench"),
                        help="virtual environment with backtrader, made on first use (default .venv-bench)")
    parser.add_argument("--tmp", default=None, help="folder for data and journals (default: the system's, /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the generated data and journals")
    args = parser.parse_args()
    args.runner = os.path.abspath(args.runner)
    if not os.access(args.runner, os.X_OK):
        sys.exit(f"error: no runner binary at {args.runner}\n"
                 "build it first: swift build -c release --product runner   (or pass --runner PATH)")
    shared = SharedData(args)
    print(f"runner {args.runner}; {os.cpu_count()} cores; load average {load()} (other work on the machine skews "
          "every figure: run on a quiet machine)")
    try:
        for name in (["throughput", "memory", "backtrader"] if args.benchmark == "all" else [args.benchmark]):
            {"throughput": throughput, "memory": memory, "backtrader": backtrader}[name](args, shared)
    finally:
        shared.clean()
        print(f"load average at the end {load()}")


if __name__ == "__main__":
    main()
