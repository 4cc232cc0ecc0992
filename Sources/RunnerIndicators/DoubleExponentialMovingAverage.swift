/// `dema(series, period)`: TA-Lib's DEMA, `2 * ema - ema(ema)`, where the outer EMA is seeded from the
/// first `period` values of the inner one (lookback `2 * (period - 1)`).
public final class DoubleExponentialMovingAverage: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private var average: ExponentialSmoothing
    private var averageOfAverage: ExponentialSmoothing
    private var current = Double.nan

    /// A DEMA whose two EMAs have `period` (at least 1).
    public init(period: Int) {
        lookback = 2 * (period - 1)
        average = ExponentialSmoothing(period: period)
        averageOfAverage = ExponentialSmoothing(period: period)
    }

    public func update(_ input: IndicatorInput) {
        let first = average.update(input.first)
        guard !first.isNaN else { return }
        let second = averageOfAverage.update(first)
        guard !second.isNaN else { return }
        current = (2.0 * first) - second
    }

    public func value(_ index: Int) -> Double { current }
}
