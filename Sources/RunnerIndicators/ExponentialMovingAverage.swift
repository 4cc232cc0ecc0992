/// `ema(series, period)`: TA-Lib's EMA, seeded with the mean of the first `period` values and smoothed
/// with `k = 2 / (period + 1)` (lookback `period - 1`).
public final class ExponentialMovingAverage: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private var average: ExponentialSmoothing

    /// An EMA over `period` values (at least 1; 1 follows the series).
    public init(period: Int) {
        lookback = period - 1
        average = ExponentialSmoothing(period: period)
    }

    public func update(_ input: IndicatorInput) {
        average.update(input.first)
    }

    public func value(_ index: Int) -> Double { average.current }
}
