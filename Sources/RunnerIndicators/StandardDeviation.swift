/// `stddev(series, period)`: the population standard deviation of the last `period` values; TA-Lib's
/// STDDEV with one deviation (lookback `period - 1`).
public final class StandardDeviation: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private var moments: WindowMoments
    private var current = Double.nan

    public init(period: Int) {
        lookback = period - 1
        moments = WindowMoments(period: period)
    }

    public func update(_ input: IndicatorInput) {
        moments.append(input.first)
        current = moments.isFull ? moments.standardDeviation : .nan
    }

    public func value(_ index: Int) -> Double { current }
}
