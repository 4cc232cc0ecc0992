import ArgumentParser
import Foundation
import RunnerApp
import RunnerCore
import RunnerDiagnostics
import RunnerSignals

struct ComputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Evaluate expressions over a CSV of bars: one output column per expression.",
        discussion: """
            Input columns: timestamp,symbol,open,high,low,close,volume (any order; ISO-8601 or epoch timestamps).
            Output: timestamp,symbol,<one column per expression>, one row per input row; a cell is empty during \
            warm-up or when the value is undefined (e.g. a division by zero). Bad rows are reported on stderr \
            with file and line. Exit status: 0 done, 1 bad expressions or a bad row under --on-bad-row stop.
            Example: runner compute --input bars.csv 'ema(close, 12)' 'rsi(close, 14) > 70'
            A higher timeframe (close@1h, ema(close@1h, 20)) is built from the input rows, each read as one bar \
            of --timeframe starting at its timestamp; its value on a row is that of the last completed higher \
            bar. Give --timeframe the rows' own bar length, or the higher bars are wrong.
            Example: runner compute --input bars-5m.csv --timeframe 5m 'close@1h' 'rsi(close, 14)@1h'
            """
    )

    @Option(help: "The CSV file of bars.")
    var input: String
    @Option(help: "skip (report and continue) or stop (at the first bad row).")
    var onBadRow: BadRowPolicy = .skip
    @Option(help: "The input bars' own length, such as 5m; needed to read a higher timeframe with '@' (close@1h).")
    var timeframe: String?
    @Argument(help: "Expressions, as written in strategy files.")
    var expressions: [String]

    func run() throws {
        try Workspace().compute(input: input, expressions: expressions, policy: onBadRow, timeframe: timeframe).emit()
    }
}

extension BadRowPolicy: ExpressibleByArgument {}
