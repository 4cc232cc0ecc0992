import RunnerCore
import RunnerDiagnostics
import RunnerExpressions

/// `strategies/<name>.yaml`: indicators, rules and sizing, parsed and type-checked.
public struct StrategyConfig: Sendable {
    public var file: String
    /// Equal to the file name without `.yaml`.
    public var name: Located<String>
    public var universe: [Located<Symbol>]
    public var timeframe: Located<Duration>
    public var description: String?
    /// Named indicators in dependency order: each one only uses those before it.
    public var indicators: [StrategyExpression]
    public var rules: StrategyRules
    /// Confidence in [0, 1]; `1` when the file gives none.
    public var confidence: StrategyExpression?
    public var sizing: SizingConfig
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

/// When to be long, short or flat; a missing rule never fires.
public struct StrategyRules: Sendable {
    public var long: StrategyExpression?
    public var short: StrategyExpression?
    public var flat: StrategyExpression?
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
    /// `rebalance_band` and `min_order`: when a new target is too close to the current one to be worth an
    /// order (neither by default).
    public var rebalance = RebalanceThreshold()
    /// Where `min_order` is written, for the check of a cash minimum's currency against the account's.
    public var minimumOrderLocation: SourceLocation?
}
