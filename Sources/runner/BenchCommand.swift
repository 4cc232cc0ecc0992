import ArgumentParser
import Foundation
import RunnerApp

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the runner's speed targets (build with -c release for meaningful figures).",
        subcommands: [ValidateBenchCommand.self, IndicatorBenchCommand.self, ComputeBenchCommand.self, RiskBenchCommand.self]
    )
}

struct ValidateBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Time `runner validate` on a generated root of many strategy files."
    )

    @Option(help: "Number of strategy files to generate.")
    var strategies: Int = 200
    @Option(help: "Number of timed runs; the median is reported.")
    var runs: Int = 15

    func run() throws {
        print(try ValidationBenchmark(strategies: strategies, runs: runs).run(workspace: Workspace()))
    }
}

struct IndicatorBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Nanoseconds per streaming update of single indicators over a seeded random walk."
    )

    @Option(help: "Points in the series.")
    var points: Int = 1_000_000
    @Option(help: "Timed runs per indicator; the median is reported.")
    var runs: Int = 5
    @Flag(help: "Print JSON (used by scripts/bench_talib.py).")
    var json = false

    func run() throws {
        let figures = IndicatorBenchmark(points: points, runs: runs).run()
        if json {
            let items = figures.map {
                "\"\($0.name)\": {\"ns_per_update\": \($0.medianNanosecondsPerUpdate), "
                    + "\"ns_per_point_batch\": \($0.medianNanosecondsPerPointInBatch), \"last\": \($0.lastValue)}"
            }
            print("{" + items.joined(separator: ", ") + "}")
        } else {
            for figure in figures {
                print(String(format: "%-8@ %7.2f ns per streaming update, %7.2f ns per point in batch (medians of %d runs over %d points)",
                             figure.name as NSString, figure.medianNanosecondsPerUpdate,
                             figure.medianNanosecondsPerPointInBatch, runs, points))
            }
        }
    }
}

struct ComputeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Rows per second of `runner compute` with three indicators over a generated CSV."
    )

    @Option(help: "Rows in the generated CSV.")
    var rows: Int = 1_000_000
    @Option(help: "Timed runs; the median is reported.")
    var runs: Int = 3

    func run() throws {
        print(try ComputeBenchmark(rows: rows, runs: runs).run(workspace: Workspace()))
    }
}

struct RiskBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Per-decision latency of the risk gate: 100 symbols, 50 open positions, correlations included."
    )

    @Option(help: "Decisions to time.")
    var decisions: Int = 200_000

    func run() throws {
        print(try RiskBenchmark(decisions: decisions).run())
    }
}
