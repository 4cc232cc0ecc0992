import Foundation
import RunnerCore
import RunnerDiagnostics
import RunnerEvaluation
import RunnerExpressions
import RunnerIndicators
import RunnerSignals

/// `runner compute`: evaluates expressions over a CSV of bars with the very parser, registry and
/// evaluator strategies use, one output row per input row.
///
/// Each symbol has its own indicator state. A cell is empty while its value is unknown (warm-up, or
/// NaN such as a division by zero); booleans print as `true`/`false`.
public struct ExpressionComputation {
    public let texts: [String]
    let program: EvaluationProgram
    let isBoolean: [Bool]
    let slots: [Int]

    /// Parses, type-checks and compiles `expressions`; nil with every diagnostic when any is wrong.
    /// Diagnostics are located in files named `expression 1`, `expression 2`, ... (see ``sources``).
    ///
    /// `baseTimeframe` is the input bars' own length in milliseconds (`--timeframe`); expressions that read
    /// a higher timeframe with `@` need it, as whole multiples of it.
    public static func make(
        _ expressions: [String], registry: IndicatorRegistry = .standard, baseTimeframe: Int64? = nil
    ) -> Result<ExpressionComputation, ComputationFailure> {
        var environment = TypeEnvironment()
        environment.baseTimeframe = baseTimeframe
        environment.baseTimeframeName = "the bars' timeframe given by --timeframe"
        let checker = TypeChecker(catalog: registry.functionCatalog, environment: environment)
        var diagnostics: [Diagnostic] = []
        var roots: [(name: String, expression: ExpressionNode)] = []
        var isBoolean: [Bool] = []
        for (index, text) in expressions.enumerated() {
            let origin = SourceLocation(file: sourceName(index), line: 1, column: 1)
            let checked = checker.check(text, origin: origin, expecting: nil, role: "expression \(index + 1)")
            diagnostics += checked.diagnostics
            if baseTimeframe == nil, let expression = checked.expression {
                diagnostics += expression.timeframeReferences.map { reference in
                    .error(
                        at: reference.range.start, code: ExpressionDiagnosticCode.unknownBaseTimeframe.rawValue,
                        "'@\(reference.timeframe)' builds \(reference.timeframe) bars from the input's bars, so it "
                            + "needs their own timeframe; give it with --timeframe, such as '--timeframe 5m'")
                }
            }
            if let expression = checked.expression, let type = checked.type {
                if let fields = type.fields {
                    diagnostics.append(.error(
                        at: origin, code: "record-without-field",
                        "'\(text)' has several outputs (\(fields.joined(separator: ", "))); choose one, as in '\(text).\(fields[0])'"))
                }
                roots.append(("\(index)", expression))
                isBoolean.append(type == .boolean)
            }
        }
        let sources = Dictionary(uniqueKeysWithValues: expressions.enumerated().map { (sourceName($0.offset), $0.element) })
        guard diagnostics.isEmpty else { return .failure(ComputationFailure(diagnostics: diagnostics, sources: sources)) }
        do {
            let program = try ExpressionCompiler(registry: registry).compile(
                definitions: [:], roots: roots, baseTimeframe: baseTimeframe)
            let slots = roots.map { program.outputs[$0.name] ?? 0 }
            return .success(ExpressionComputation(texts: expressions, program: program, isBoolean: isBoolean, slots: slots))
        } catch {
            let location = SourceLocation(file: sourceName(0), line: 1, column: 1)
            return .failure(ComputationFailure(
                diagnostics: [.error(at: location, code: "compilation", error.description)], sources: sources))
        }
    }

    static func sourceName(_ index: Int) -> String { "expression \(index + 1)" }

    /// Streams the output CSV for every row of `reader` into `sink`, in chunks. Bad rows follow `policy`.
    public func run(_ reader: CSVBarReader, policy: BadRowPolicy, sink: @escaping (UnsafeRawBufferPointer) -> Void)
        -> Result<(problems: MarketDataProblemLog, bars: Int), MarketDataProblem>
    {
        var output = CSVOutputBuffer(sink: sink)
        output.append("timestamp,symbol")
        for text in texts {
            output.append(",")
            output.appendQuoted(text)
        }
        output.append("\n")
        // By the reader's symbol index: an array lookup per row instead of hashing the symbol.
        var states: [EvaluationState] = []
        var symbolCells: [[UInt8]] = []
        var problems = MarketDataProblemLog()
        var bars = 0
        while let result = reader.next() {
            let bar: Bar
            switch result {
            case .success(let good):
                bar = good
                bars += 1
            case .failure(let problem):
                problems.record(problem)
                if policy == .stop {
                    output.flush()
                    return .failure(problem)
                }
                continue
            }
            let symbolIndex = reader.symbolIndex
            while states.count <= symbolIndex {
                states.append(program.makeState())
                symbolCells.append([])
            }
            let state = states[symbolIndex]
            state.step(BarFields(timestamp: bar.timestamp, open: bar.open, high: bar.high, low: bar.low,
                                 close: bar.close, volume: bar.volume))
            if symbolCells[symbolIndex].isEmpty { symbolCells[symbolIndex] = CSVOutputBuffer.field(bar.symbol.rawValue) }
            reader.withTimestampBytes { output.append(bytes: $0) }
            output.append(byte: UInt8(ascii: ","))
            symbolCells[symbolIndex].withUnsafeBufferPointer { output.append(bytes: $0) }
            for (index, slot) in slots.enumerated() {
                output.append(byte: UInt8(ascii: ","))
                let value = state.value(slot: slot)
                guard !value.isNaN else { continue }
                if isBoolean[index] {
                    output.append(value == 1 ? "true" : "false")
                } else {
                    output.append(value)
                }
            }
            output.append(byte: UInt8(ascii: "\n"))
        }
        output.flush()
        return .success((problems, bars))
    }
}

/// Expressions that did not check, with their texts for the caret lines.
public struct ComputationFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public var sources: [String: String]
}
