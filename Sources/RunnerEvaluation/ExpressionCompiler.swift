import RunnerExpressions
import RunnerIndicators

/// Compiles checked expressions into an ``EvaluationProgram``.
///
/// Identifiers naming an indicator definition are replaced by that definition, and every
/// sub-expression is keyed by its structure, so equal sub-expressions anywhere in a strategy (`fast`
/// and a literal `ema(close, 12)`, or the same `bbands(...)` read for `.upper` and `.lower`) share one
/// slot and one indicator instance.
public struct ExpressionCompiler: Sendable {
    public var registry: IndicatorRegistry

    public init(registry: IndicatorRegistry) {
        self.registry = registry
    }

    /// - Parameters:
    ///   - definitions: named indicators (already checked: no cycles, known functions), by name.
    ///   - roots: the expressions to expose, by output name (a rule, `confidence`, or an indicator's name).
    ///   - baseTimeframe: the length of the bars the program will be stepped with, in milliseconds (a
    ///     strategy's `timeframe`). Needed only by expressions that read a higher timeframe with `@`, which
    ///     throw ``CompilationError/timeframe(_:)`` without it; every such timeframe must be a whole multiple
    ///     of it, and longer.
    public func compile(
        definitions: [String: ExpressionNode], roots: [(name: String, expression: ExpressionNode)],
        baseTimeframe: Int64? = nil
    ) throws(CompilationError) -> EvaluationProgram {
        var builder = ProgramBuilder(registry: registry, definitions: definitions, baseTimeframe: baseTimeframe)
        var outputs: [String: Int] = [:]
        var warmUp = 0
        for root in roots {
            let slot = try builder.compile(root.expression)
            outputs[root.name] = slot
            warmUp = max(warmUp, builder.ready(slot, in: 0))
        }
        let frames = builder.contextLengths.indices.dropFirst().map {
            EvaluationProgram.Frame(length: builder.contextLengths[$0], instructions: builder.instructionLists[$0])
        }
        return EvaluationProgram(
            constants: builder.constants, instructions: builder.instructionLists[0], frames: frames,
            slotCount: builder.readyAt.count, indicators: builder.indicators,
            historyCapacities: builder.historyCapacities, outputs: outputs, warmUpBars: warmUp,
            baseTimeframe: baseTimeframe ?? 0)
    }
}

/// Why an expression could not be compiled. The loader's type check rules these out for checked
/// expressions; they guard against unchecked input.
public enum CompilationError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownName(String)
    case unknownFunction(String)
    case unsupported(String)
    /// A higher timeframe (`@`) the program cannot build from its base bars; the message says why.
    case timeframe(String)

    public var description: String {
        switch self {
        case .unknownName(let name): "'\(name)' is neither a bar field nor a defined indicator"
        case .unknownFunction(let name): "'\(name)' is not a registered function or indicator"
        case .unsupported(let text): "'\(text)' cannot be evaluated"
        case .timeframe(let message): message
        }
    }
}
