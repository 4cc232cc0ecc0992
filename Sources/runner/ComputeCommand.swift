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
            With --strategy NAME (and no expressions): what that strategy sees, one row per bar of its own \
            timeframe and symbol: its named indicators and rules, then target, size, reason, position and \
            entry_price after the decision (target empty while warming up). --env finds a strategy an \
            environment runs under another name or with other parameters; sizing by equity uses the \
            environment's starting equity (else 1000000 USD).
            Example: runner compute --input bars.csv --strategy trend_hold --env paper
            """
    )

    @Option(help: "The CSV file of bars.")
    var input: String
    @Option(help: "skip (report and continue) or stop (at the first bad row).")
    var onBadRow: BadRowPolicy = .skip
    @Option(help: "Show what this strategy sees instead of evaluating expressions.")
    var strategy: String?
    @Option(help: "With --strategy: the environment that runs it (for `use:`/`as:` names and parameters).")
    var env: String?
    @OptionGroup var root: RootOption
    @Argument(help: "Expressions, as written in strategy files.")
    var expressions: [String] = []

    func validate() throws {
        if strategy == nil && expressions.isEmpty { throw ValidationError("give expressions, or --strategy NAME") }
        if strategy != nil && !expressions.isEmpty {
            throw ValidationError("--strategy shows the strategy's own indicators and rules; give expressions without it")
        }
        if strategy == nil && env != nil { throw ValidationError("--env goes with --strategy") }
    }

    func run() throws {
        if let strategy {
            try Workspace(root: root.root).compute(input: input, strategy: strategy, environment: env, policy: onBadRow).emit()
            return
        }
        try Workspace().compute(input: input, expressions: expressions, policy: onBadRow).emit()
    }
}

extension BadRowPolicy: ExpressibleByArgument {}
