/// What a strategy wants to hold in one symbol after a decision tick. The signal engine emits these;
/// the risk gate approves or denies them; nothing here knows about fills or cash.
public struct TargetPosition: Sendable, Hashable {
    public var strategy: String
    public var symbol: Symbol
    public var side: Side
    /// Shares to hold on `side` (0 when flat).
    public var size: Int64
    /// In [0, 1].
    public var confidence: Double
    /// The end of the bar the decision was made on, in milliseconds since the epoch.
    public var decisionTime: Int64
    /// The close the decision saw; sizing by notional used it.
    public var referencePrice: Double
    /// The strategy's stop distance in price units (`sizing.stop`), nil when it has none (or it is not
    /// a positive number); the risk gate measures position risk with it.
    public var stopDistance: Double?
    /// Why the strategy wants this: the rules and exits that fired (`enter_long`, `stop_loss`,
    /// `exit_long, enter_short`) or `hold`; nil for the stateless form, whose rules decide afresh each tick.
    public var reason: String?

    public init(
        strategy: String, symbol: Symbol, side: Side, size: Int64, confidence: Double, decisionTime: Int64,
        referencePrice: Double, stopDistance: Double? = nil, reason: String? = nil
    ) {
        self.reason = reason
        self.strategy = strategy
        self.symbol = symbol
        self.side = side
        self.size = size
        self.confidence = confidence
        self.decisionTime = decisionTime
        self.referencePrice = referencePrice
        self.stopDistance = stopDistance
    }

    /// Signed size: positive long, negative short, zero flat.
    public var signedSize: Int64 {
        switch side {
        case .long: size
        case .short: -size
        case .flat: 0
        }
    }
}
