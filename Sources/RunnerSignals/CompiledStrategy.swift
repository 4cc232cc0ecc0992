import RunnerConfig
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

    /// Compiles a loaded strategy with the installed indicators (`compiler`, no default: a strategy
    /// using a plugin's indicator needs the registry that has it); throws when its sizing model is not
    /// registered.
    public init(
        _ config: StrategyConfig, compiler: ExpressionCompiler, sizingModels: SizingModelRegistry = .standard
    ) throws(StrategyCompilationError) {
        let definitions = Dictionary(config.indicators.map { ($0.name, $0.expression) }, uniquingKeysWith: { $1 })
        var roots = config.indicators.map { (name: $0.name, expression: $0.expression) }
        let named: [(String, StrategyExpression?)] = [
            ("rules.long", config.rules.long), ("rules.short", config.rules.short), ("rules.flat", config.rules.flat),
            ("confidence", config.confidence), ("sizing.stop", config.sizing.stop),
        ]
        for case let (name, expression?) in named { roots.append((name, expression.expression)) }
        do {
            program = try compiler.compile(definitions: definitions, roots: roots)
        } catch {
            throw .expression(strategy: config.name.value, error)
        }
        guard let sizing = sizingModels.make(config.sizing) else {
            throw .sizingModel(strategy: config.name.value, model: config.sizing.model.value)
        }
        name = config.name.value
        universe = Set(config.universe.map(\.value))
        let timeframe = config.timeframe.value.components
        self.timeframe = max(1, timeframe.seconds * 1000 + timeframe.attoseconds / 1_000_000_000_000_000)
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
