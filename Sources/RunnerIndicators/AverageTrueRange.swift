/// `atr(period)`: Wilder's average of the true range; TA-Lib's ATR (lookback `period`).
///
/// The first average is the plain mean of the first `period` true ranges (which start on the second
/// bar, as each needs a previous close); after that each bar moves the average `1/period` of the way
/// to its true range. A period of 1 is the true range itself.
public final class AverageTrueRange: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let period: Int
    // TA-Lib's two-coefficient Wilder step: beta first, alpha = 1 - beta, so the pair sums to exactly 1.
    private let newWeight: Double
    private let keptWeight: Double
    private var previousClose = Double.nan
    private var trueRangesSeen = 0
    private var seedTotal = 0.0
    private var average = Double.nan

    /// An average true range over `period` bars (at least 1).
    public init(period: Int) {
        precondition(period >= 1, "atr needs a period of at least 1, not \(period)")
        self.period = period
        lookback = period
        keptWeight = Double(period - 1) / Double(period)
        newWeight = 1.0 - keptWeight
    }

    public func update(_ input: IndicatorInput) {
        let bar = input.bar
        defer { previousClose = bar.close }
        guard !previousClose.isNaN else { return }
        let trueRange = TrueRange.of(high: bar.high, low: bar.low, previousClose: previousClose)
        trueRangesSeen += 1
        if trueRangesSeen < period {
            seedTotal += trueRange
        } else if trueRangesSeen == period {
            average = (seedTotal + trueRange) / Double(period)
        } else {
            average = newWeight * trueRange + keptWeight * average
        }
    }

    public func value(_ index: Int) -> Double { average }
}
