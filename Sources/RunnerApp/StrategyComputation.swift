import Foundation
import RunnerConfig
import RunnerCore
import RunnerEvaluation
import RunnerExpressions
import RunnerPipeline
import RunnerSignals

/// `runner compute --strategy NAME`: what a strategy sees, bar by bar of its own timeframe: its named
/// indicators, its rules, and the target and position they lead to, through the very signal engine a
/// run uses (its parameters, aggregation, warm-up and holds).
struct StrategyComputation {
    let strategy: CompiledStrategy
    /// Output columns: each named indicator with a number or boolean value, then each rule.
    let columns: [(name: String, slot: Int, isBoolean: Bool)]

    init(_ config: StrategyConfig, compiler: ExpressionCompiler) throws {
        strategy = try CompiledStrategy(config, compiler: compiler)
        let rules: [(String, StrategyExpression?)] = [
            ("long", config.rules.long), ("short", config.rules.short), ("flat", config.rules.flat),
            ("enter_long", config.rules.enterLong), ("exit_long", config.rules.exitLong),
            ("enter_short", config.rules.enterShort), ("exit_short", config.rules.exitShort),
        ]
        var columns: [(String, Int, Bool)] = []
        for indicator in config.indicators where indicator.type.fields == nil {
            if let slot = strategy.program.outputs[indicator.name] { columns.append((indicator.name, slot, indicator.type == .boolean)) }
        }
        for case let (name, _?) in rules {
            if let slot = strategy.program.outputs["rules.\(name)"] { columns.append((name, slot, true)) }
        }
        self.columns = columns
    }

    /// Streams the CSV: one row per strategy bar and symbol, in decision order.
    func run(_ reader: CSVBarReader, policy: BadRowPolicy, equity: Money, sink: @escaping (UnsafeRawBufferPointer) -> Void)
        -> Result<(problems: MarketDataProblemLog, bars: Int), MarketDataProblem>
    {
        var output = CSVOutputBuffer(sink: sink)
        output.append("timestamp,symbol")
        for column in columns { output.append(",\(column.name)") }
        output.append(",target,size,reason,position,entry_price\n")
        let engine = SignalEngine(strategies: [strategy], equity: equity)
        engine.observer = { seen in
            output.append(Self.timestamp(seen.barStart))
            output.append(",")
            output.appendQuoted(seen.symbol.rawValue)
            for column in columns {
                output.append(",")
                let value = seen.evaluation.value(slot: column.slot)
                guard !value.isNaN else { continue }
                if column.isBoolean { output.append(value == 1 ? "true" : "false") } else { output.append(value) }
            }
            output.append(",")
            if let target = seen.target {
                output.append("\(target.side.rawValue),\(target.size),")
                output.appendQuoted(target.reason ?? "")
            } else {
                output.append(",,")
            }
            output.append(",\(seen.position?.signedSize ?? 0),")
            if let entry = seen.position?.entryPrice { output.append(entry) }
            output.append("\n")
        }
        var problems = MarketDataProblemLog()
        var bars = 0
        while let result = reader.next() {
            switch result {
            case .success(let bar):
                bars += 1
                _ = engine.process(bar)
            case .failure(let problem):
                problems.record(problem)
                if policy == .stop {
                    output.flush()
                    return .failure(problem)
                }
            }
        }
        _ = engine.finish()
        output.flush()
        return .success((problems, bars))
    }

    static func timestamp(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
