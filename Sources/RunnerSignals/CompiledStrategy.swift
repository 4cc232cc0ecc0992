import RunnerCore
import RunnerEvaluation

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
    var enterLong: Int?
    var exitLong: Int?
    var enterShort: Int?
    var exitShort: Int?
    var confidence: Int?
    var stop: Int?
    public var sizing: any SizingModel
    /// Protective exits of a held position.
    public var exits: ProtectiveExits

    /// A strategy from its parts: `program` computes every expression; its outputs named `rules.long`,
    /// `rules.short`, `rules.flat`, `rules.enter_long`, `rules.exit_long`, `rules.enter_short`,
    /// `rules.exit_short`, `confidence`, `sizing.stop` and `exits.stop_loss`, `exits.take_profit`,
    /// `exits.trailing_stop` (price distances) are the rules, confidence, stop and exits.
    public init(
        name: String, universe: Set<Symbol>, timeframe: Int64, program: EvaluationProgram, sizing: any SizingModel,
        exits: ProtectiveExits = ProtectiveExits()
    ) {
        self.name = name
        self.universe = universe
        self.timeframe = max(1, timeframe)
        self.program = program
        self.sizing = sizing
        long = program.outputs["rules.long"]
        short = program.outputs["rules.short"]
        flat = program.outputs["rules.flat"]
        enterLong = program.outputs["rules.enter_long"]
        exitLong = program.outputs["rules.exit_long"]
        enterShort = program.outputs["rules.enter_short"]
        exitShort = program.outputs["rules.exit_short"]
        confidence = program.outputs["confidence"]
        stop = program.outputs["sizing.stop"]
        var exits = exits
        for (name, path) in [("exits.stop_loss", \ProtectiveExits.stopLoss), ("exits.take_profit", \.takeProfit),
                             ("exits.trailing_stop", \.trailingStop)] {
            if let slot = program.outputs[name] { exits[keyPath: path] = .distance(slot: slot) }
        }
        self.exits = exits
    }

    /// Whether positions are held between entry and exit rules (else each tick decides afresh).
    public var holds: Bool { enterLong != nil || enterShort != nil }
}

/// A held position's protective exits, as compiled.
public struct ProtectiveExits: Sendable {
    /// How far from the entry price an exit sits.
    public enum Level: Sendable {
        /// A price distance: the value of a program output at the entry decision.
        case distance(slot: Int)
        /// A fraction of the entry price.
        case fraction(Double)
    }

    public var stopLoss: Level?
    public var takeProfit: Level?
    public var trailingStop: Level?
    public var maxBars: Int?

    public init(stopLoss: Level? = nil, takeProfit: Level? = nil, trailingStop: Level? = nil, maxBars: Int? = nil) {
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.trailingStop = trailingStop
        self.maxBars = maxBars
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
