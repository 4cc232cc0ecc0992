/// A position a strategy holds by its own rules: its intent between an entry and the exit, never the
/// account's fills. The signal engine keeps one per strategy and symbol, and the journal keeps it so a
/// restart goes on holding it.
public struct StrategyPosition: Sendable, Hashable {
    /// `long` or `short`.
    public var side: Side
    /// Shares, fixed at the entry.
    public var size: Int64
    /// The close the entry decision saw.
    public var entryPrice: Double
    /// The entry decision's time, milliseconds since the epoch.
    public var entryTime: Int64
    /// Completed bars of the strategy's timeframe since the entry decision.
    public var barsHeld: Int
    /// The best price since the entry: the highest high of a long, the lowest low of a short.
    public var bestPrice: Double
    /// The price that closes the position at a loss (`exits.stop_loss`), set at the entry.
    public var stopLoss: Double?
    /// The price that closes it at a profit (`exits.take_profit`), set at the entry.
    public var takeProfit: Double?
    /// How far from ``bestPrice`` the trailing stop follows (`exits.trailing_stop`), set at the entry.
    public var trailingDistance: Double?

    public init(
        side: Side, size: Int64, entryPrice: Double, entryTime: Int64, barsHeld: Int = 0, bestPrice: Double? = nil,
        stopLoss: Double? = nil, takeProfit: Double? = nil, trailingDistance: Double? = nil
    ) {
        self.side = side
        self.size = size
        self.entryPrice = entryPrice
        self.entryTime = entryTime
        self.barsHeld = barsHeld
        self.bestPrice = bestPrice ?? entryPrice
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.trailingDistance = trailingDistance
    }

    /// Positive long, negative short.
    public var signedSize: Int64 { side == .short ? -size : size }

    /// The trailing stop's price now.
    public var trailingStop: Double? {
        trailingDistance.map { side == .long ? bestPrice - $0 : bestPrice + $0 }
    }
}

/// Which protective exit closed a position.
public enum ProtectiveExit: String, Sendable, Hashable, CaseIterable {
    case stopLoss = "stop_loss"
    case takeProfit = "take_profit"
    case trailingStop = "trailing_stop"
    case maxBars = "max_bars"
}

extension StrategyPosition {
    /// The exit a bar's range triggers, if any, and the position after the bar (its best price moved on).
    ///
    /// Which of a bar's prices came first is unknown, so the check assumes the worst: the stops are
    /// checked before the take profit, and the trailing stop against the best price before this bar.
    public func check(high: Double, low: Double) -> (exit: ProtectiveExit?, after: StrategyPosition) {
        var after = self
        let long = side == .long
        let adverse = long ? low : high
        let favourable = long ? high : low
        func reached(_ level: Double?, against: Bool) -> Bool {
            guard let level, level.isFinite else { return false }
            let price = against ? adverse : favourable
            return long == against ? price <= level : price >= level
        }
        if reached(stopLoss, against: true) { return (.stopLoss, after) }
        if reached(trailingStop, against: true) { return (.trailingStop, after) }
        if reached(takeProfit, against: false) { return (.takeProfit, after) }
        if favourable.isFinite { after.bestPrice = long ? max(bestPrice, favourable) : min(bestPrice, favourable) }
        return (nil, after)
    }
}
