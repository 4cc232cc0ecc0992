/// `trange()`: the bar's true range, the greatest of its high-low span and the distances from the
/// previous close to its high and to its low; TA-Lib's TRANGE (lookback 1, since the first bar has no
/// previous close).
public final class TrueRange: StreamingIndicator {
    public let lookback = 1
    public let outputCount = 1
    private var previousClose = Double.nan
    private var current = Double.nan

    /// A true range that starts on the second bar it is fed.
    public init() {}

    public func update(_ input: IndicatorInput) {
        let bar = input.bar
        current = previousClose.isNaN ? .nan : Self.of(high: bar.high, low: bar.low, previousClose: previousClose)
        previousClose = bar.close
    }

    public func value(_ index: Int) -> Double { current }

    /// The true range of one bar, compared in TA-Lib's order (high-low first, then the distances from
    /// the previous close to the high and to the low).
    static func of(high: Double, low: Double, previousClose: Double) -> Double {
        var greatest = high - low
        let toHigh = abs(previousClose - high)
        if toHigh > greatest { greatest = toHigh }
        let toLow = abs(previousClose - low)
        if toLow > greatest { greatest = toLow }
        return greatest
    }
}
