import RunnerCore
import RunnerEvaluation
import RunnerExpressions

/// A strategy ready to run: its expressions compiled into one program, the slots of its rules, and
/// its sizing model.
public struct CompiledStrategy: Sendable {
    public var name: String
    public var universe: Set<Symbol>
    /// Length of a decision bar in milliseconds.
    public var timeframe: Int64
    public var program: EvaluationProgram
    var long: Int?
    var short: Int?
    var flat: Int?
    var confidence: Int?
    var stop: Int?
    public var sizing: any SizingModel

    /// A strategy from its parts: `program` computes every expression; its outputs named `rules.long`,
    /// `rules.short`, `rules.flat`, `confidence` and `sizing.stop` are the rules, confidence and stop.
    public init(name: String, universe: Set<Symbol>, timeframe: Int64, program: EvaluationProgram, sizing: any SizingModel) {
        self.name = name
        self.universe = universe
        self.timeframe = max(1, timeframe)
        self.program = program
        self.sizing = sizing
        long = program.outputs["rules.long"]
        short = program.outputs["rules.short"]
        flat = program.outputs["rules.flat"]
        confidence = program.outputs["confidence"]
        stop = program.outputs["sizing.stop"]
    }
}

/// Why a loaded strategy could not be prepared for running.
public enum StrategyCompilationError: Error, Sendable, CustomStringConvertible {
    case expression(strategy: String, CompilationError)
    case sizingModel(strategy: String, model: String)

    public var description: String {
        switch self {
        case .expression(let strategy, let error): "strategy '\(strategy)': \(error)"
        case .sizingModel(let strategy, let model):
            "strategy '\(strategy)': sizing model '\(model)' has no implementation or lacks its settings"
        }
    }
}
