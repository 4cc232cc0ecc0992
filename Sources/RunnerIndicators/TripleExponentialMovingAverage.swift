/// `tema(series, period)`: TA-Lib's TEMA, `3 * e1 - 3 * e2 + e3` where each `e` is the EMA of the one
/// before, seeded from its first `period` values (lookback `3 * (period - 1)`).
public final class TripleExponentialMovingAverage: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private var first: ExponentialSmoothing
    private var second: ExponentialSmoothing
    private var third: ExponentialSmoothing
    private var current = Double.nan

    /// A TEMA whose three EMAs have `period` (at least 1).
    public init(period: Int) {
        lookback = 3 * (period - 1)
        first = ExponentialSmoothing(period: period)
        second = ExponentialSmoothing(period: period)
        third = ExponentialSmoothing(period: period)
    }

    public func update(_ input: IndicatorInput) {
        let e1 = first.update(input.first)
        guard !e1.isNaN else { return }
        let e2 = second.update(e1)
        guard !e2.isNaN else { return }
        let e3 = third.update(e2)
        guard !e3.isNaN else { return }
        current = e3 + ((3.0 * e1) - (3.0 * e2))
    }

    public func value(_ index: Int) -> Double { current }
}
