import RunnerCore
import RunnerDiagnostics
import RunnerExpressions

/// `strategies/<name>.yaml`: indicators, rules and sizing, parsed and type-checked.
public struct StrategyConfig: Sendable {
    public var file: String
    /// Equal to the file name without `.yaml`; for a strategy an environment runs under another name
    /// (`{use: ma_cross, as: ma_cross_fast}`), that name, where the environment gives it.
    public var name: Located<String>
    /// The parameters the file declares, with the values this strategy runs with.
    public var parameters: [StrategyParameter] = []
    public var universe: [Located<Symbol>]
    public var timeframe: Located<Duration>
    public var description: String?
    /// Named indicators in dependency order: each one only uses those before it.
    public var indicators: [StrategyExpression]
    public var rules: StrategyRules
    /// Confidence in [0, 1]; `1` when the file gives none.
    public var confidence: StrategyExpression?
    public var sizing: SizingConfig
    /// Protective exits of a position held by entry and exit rules.
    public var exits = StrategyExits()
    /// The strategy file's own name when an environment runs it under another name or with other
    /// parameters (`use:`); nil otherwise.
    public var uses: String?
}

/// An expression from a strategy file: its text, where it was written, its syntax tree and type.
public struct StrategyExpression: Sendable, Hashable {
    /// The indicator's name, or the role (`rules.long`, `confidence`, `sizing.stop`).
    public var name: String
    public var text: String
    public var location: SourceLocation
    public var expression: ExpressionNode
    public var type: ValueType
}

/// When to trade, in one of two forms (a file uses one or the other; a missing rule never fires).
///
/// Stateless (`long`, `short`, `flat`): each decision says what to be now; when no rule holds the target
/// is flat. With a hold (`enter_long`, `exit_long`, `enter_short`, `exit_short`): an entry opens a
/// position that is held until its exit rule or a protective exit closes it.
public struct StrategyRules: Sendable {
    public var long: StrategyExpression?
    public var short: StrategyExpression?
    public var flat: StrategyExpression?
    public var enterLong: StrategyExpression?
    public var exitLong: StrategyExpression?
    public var enterShort: StrategyExpression?
    public var exitShort: StrategyExpression?

    public init(
        long: StrategyExpression? = nil, short: StrategyExpression? = nil, flat: StrategyExpression? = nil,
        enterLong: StrategyExpression? = nil, exitLong: StrategyExpression? = nil,
        enterShort: StrategyExpression? = nil, exitShort: StrategyExpression? = nil
    ) {
        self.long = long
        self.short = short
        self.flat = flat
        self.enterLong = enterLong
        self.exitLong = exitLong
        self.enterShort = enterShort
        self.exitShort = exitShort
    }

    /// True for the form with entries, exits and a hold.
    public var holds: Bool { enterLong != nil || enterShort != nil }
}

/// A declared parameter: `fast: {default: 10, min: 2, max: 50}`; expressions read it by name.
public struct StrategyParameter: Sendable, Hashable {
    public var name: Located<String>
    /// The value the strategy runs with: the default, or the environment's.
    public var value: Double
    /// Declared by a whole-number default: only whole numbers are accepted, and it may be a period.
    public var isInteger: Bool
    public var defaultValue: Double
    public var minimum: Double?
    public var maximum: Double?
    /// Where the environment set `value`; nil when it is the default.
    public var overriddenAt: SourceLocation?
}

/// How far from the entry price a protective exit sits: a price distance (an expression, measured at
/// the entry decision) or a fraction of the entry price (`3%`).
public enum ExitDistance: Sendable {
    case expression(StrategyExpression)
    case fraction(Located<Ratio>)
}

/// Protective exits: checked on every bar while a position is held, whatever the rules say.
public struct StrategyExits: Sendable {
    public var stopLoss: ExitDistance?
    public var takeProfit: ExitDistance?
    public var trailingStop: ExitDistance?
    /// Close the position after this many bars of the strategy's timeframe.
    public var maxBars: Located<Int>?

    public init(stopLoss: ExitDistance? = nil, takeProfit: ExitDistance? = nil, trailingStop: ExitDistance? = nil,
                maxBars: Located<Int>? = nil) {
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.trailingStop = trailingStop
        self.maxBars = maxBars
    }

    public var isEmpty: Bool { stopLoss == nil && takeProfit == nil && trailingStop == nil && maxBars == nil }
}

/// How a strategy sizes its target positions; the model is a plugin found by name.
public struct SizingConfig: Sendable {
    public var model: Located<String>
    public var quantity: Int?
    public var notional: Money?
    /// Where `notional` is written, for the check of its currency against the account's.
    public var notionalLocation: SourceLocation?
    public var riskPerPosition: Ratio?
    public var stop: StrategyExpression?
}
