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
        let rules = config.rules
        let named: [(String, StrategyExpression?)] = [
            ("rules.long", rules.long), ("rules.short", rules.short), ("rules.flat", rules.flat),
            ("rules.enter_long", rules.enterLong), ("rules.exit_long", rules.exitLong),
            ("rules.enter_short", rules.enterShort), ("rules.exit_short", rules.exitShort),
            ("confidence", config.confidence), ("sizing.stop", config.sizing.stop),
            ("exits.stop_loss", config.exits.stopLoss?.expression),
            ("exits.take_profit", config.exits.takeProfit?.expression),
            ("exits.trailing_stop", config.exits.trailingStop?.expression),
        ]
        for case let (name, expression?) in named { roots.append((name, expression.expression)) }
        let program: EvaluationProgram
        do {
            program = try compiler.compile(definitions: definitions, roots: roots)
        } catch {
            throw .expression(strategy: config.name.value, error)
        }
        guard let sizing = sizingModels.make(config.sizing) else {
            throw .sizingModel(strategy: config.name.value, model: config.sizing.model.value)
        }
        let exits = ProtectiveExits(
            stopLoss: config.exits.stopLoss?.fraction.map { .fraction($0) },
            takeProfit: config.exits.takeProfit?.fraction.map { .fraction($0) },
            trailingStop: config.exits.trailingStop?.fraction.map { .fraction($0) },
            maxBars: config.exits.maxBars?.value)
        self.init(name: config.name.value, universe: Set(config.universe.map(\.value)),
                  timeframe: config.timeframe.value.milliseconds, program: program, sizing: sizing, exits: exits)
    }
}

extension ExitDistance {
    /// The expression of a price distance; nil for a fraction.
    var expression: StrategyExpression? {
        if case .expression(let expression) = self { return expression }
        return nil
    }

    /// A fraction of the entry price; nil for an expression.
    var fraction: Double? {
        if case .fraction(let ratio) = self { return ratio.value.value }
        return nil
    }
}
