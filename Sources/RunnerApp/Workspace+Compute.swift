import Foundation
import RunnerConfig
import RunnerCore
import RunnerDiagnostics
import RunnerIndicators
import RunnerSignals

extension Workspace {
    /// `runner compute`: streams the output CSV to standard output as it goes; what is left to say
    /// (diagnostics, skipped rows) comes back in the ``CommandOutput``.
    ///
    /// `timeframe` is the input bars' own length (`5m`), needed by expressions that read a higher timeframe
    /// with `@` (`close@1h`); nil when not given.
    public func compute(
        input: String, expressions: [String], policy: BadRowPolicy, timeframe: String? = nil,
        write: @escaping (UnsafeRawBufferPointer) -> Void = { FileHandle.standardOutput.write(Data($0)) }
    ) -> CommandOutput {
        var baseTimeframe: Int64?
        if let timeframe {
            switch UnitParser.duration(timeframe) {
            case .success(let duration) where duration > .zero:
                baseTimeframe = duration.wholeMilliseconds
            case .success:
                return CommandOutput(
                    standardError: "error: --timeframe must be longer than 0, such as '5m'\n",
                    exitCode: .configurationErrors)
            case .failure(let problem):
                return CommandOutput(
                    standardError: "error: --timeframe: \(problem.message)\n", exitCode: .configurationErrors)
            }
        }
        let computation: ExpressionComputation
        switch ExpressionComputation.make(expressions, registry: indicators, baseTimeframe: baseTimeframe) {
        case .success(let made):
            computation = made
        case .failure(let failure):
            return CommandOutput(
                standardError: DiagnosticRenderer(sources: failure.sources).render(failure.diagnostics, format: .text),
                exitCode: .configurationErrors)
        }
        let reader: CSVBarReader
        do {
            reader = try CSVBarReader(path: input)
        } catch {
            return CommandOutput(standardError: "\(error)\n", exitCode: .configurationErrors)
        }
        return Self.outcome(of: computation.run(reader, policy: policy, sink: write), input: input)
    }

    /// What a computation over `input` leaves to say: its skipped rows, and a failure when it read too little.
    static func outcome(
        of result: Result<(problems: MarketDataProblemLog, bars: Int), MarketDataProblem>, input: String
    ) -> CommandOutput {
        switch result {
        case .success(let (problems, bars)):
            let report = problems.reportLines(limit: MarketDataProblemLog.keptReports).map { "\($0)\n" }.joined()
                + (problems.summary.map { "\(input): \($0)\n" } ?? "")
            // Output computed from data it could mostly not read proves nothing: said, and not a success.
            if let failure = problems.failure(bars: bars) {
                return CommandOutput(standardError: report + "\(input): error: \(failure)\n", exitCode: .configurationErrors)
            }
            return CommandOutput(standardError: report)
        case .failure(let problem):
            return CommandOutput(standardError: "\(problem)\n", exitCode: .configurationErrors)
        }
    }
}
