import RunnerConfig
import RunnerEvaluation
import RunnerExpressions
import RunnerSignals

extension CompiledStrategy {
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
        let program: EvaluationProgram
        do {
            program = try compiler.compile(
                definitions: definitions, roots: roots, baseTimeframe: config.timeframe.value.milliseconds)
        } catch {
            throw .expression(strategy: config.name.value, error)
        }
        guard let sizing = sizingModels.make(config.sizing) else {
            throw .sizingModel(strategy: config.name.value, model: config.sizing.model.value)
        }
        self.init(name: config.name.value, universe: Set(config.universe.map(\.value)),
                  timeframe: config.timeframe.value.milliseconds, program: program, sizing: sizing)
    }
}
