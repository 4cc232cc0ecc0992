import Foundation
import RunnerConfig
import RunnerCore
import RunnerDiagnostics
import RunnerEvaluation
import RunnerSignals

extension Workspace {
    /// `runner compute --strategy NAME`: the strategy's indicators, rules, targets and position on the
    /// bars of `input`, at its own timeframe. `environment` finds a strategy it runs under another name
    /// or with other parameters; without it, NAME is a file in `strategies/`.
    public func compute(
        input: String, strategy name: String, environment: String?, policy: BadRowPolicy,
        write: @escaping (UnsafeRawBufferPointer) -> Void = { FileHandle.standardOutput.write(Data($0)) }
    ) -> CommandOutput {
        let configuration = load(environment: environment)
        guard configuration.isValid else {
            return CommandOutput(standardError: render(configuration, format: .text), exitCode: .configurationErrors)
        }
        let found: StrategyConfig?
        var known: [String]
        if let environment, let config = configuration.environments[environment] {
            let strategies = configuration.strategies(of: config)
            found = strategies.first { $0.name.value == name }
            known = strategies.map(\.name.value)
        } else {
            found = configuration.strategies[name]
            known = Array(configuration.strategies.keys)
        }
        known.sort()
        guard let config = found else {
            let place = environment.map { "environment '\($0)' runs no strategy" } ?? "there is no strategy"
            return CommandOutput(
                standardError: "\(place) '\(name)'\(Suggestion.didYouMean(name, in: known)) (known: \(known.joined(separator: ", ")))\n",
                exitCode: .configurationErrors)
        }
        let computation: StrategyComputation
        let reader: CSVBarReader
        do {
            computation = try StrategyComputation(config, compiler: ExpressionCompiler(registry: indicators))
            reader = try CSVBarReader(path: input)
        } catch {
            return CommandOutput(standardError: "\(error)\n", exitCode: .configurationErrors)
        }
        let equity = environment.flatMap { configuration.environments[$0]?.account.startingEquity?.value }
            ?? Money(1_000_000, "USD")
        return Self.outcome(of: computation.run(reader, policy: policy, equity: equity, sink: write), input: input)
    }
}
