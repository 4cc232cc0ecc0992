/// `stddev(series, period)`: the population standard deviation of the last `period` values; TA-Lib's
/// STDDEV with one deviation (lookback `period - 1`).
public final class StandardDeviation: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let moments: RecenteredWindowVariance
    private var current = Double.nan

    /// The deviation of the last `period` values (at least 2).
    public init(period: Int) {
        lookback = period - 1
        moments = RecenteredWindowVariance(period: period)
    }

    public func update(_ input: IndicatorInput) {
        moments.append(input.first)
        current = moments.variance.squareRoot()
    }

    public func value(_ index: Int) -> Double { current }
}
