/// `zscore(series, period)`: how many population standard deviations the latest value lies from the
/// mean of the last `period` values, and 0 when they are all equal (lookback `period - 1`). TA-Lib has
/// no counterpart; it matches numpy's `(x - window.mean()) / window.std()`.
public final class ZScore: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let moments: WindowMoments
    private var current = Double.nan

    /// The z-score within the last `period` values (at least 1; 1 gives 0).
    public init(period: Int) {
        lookback = period - 1
        moments = WindowMoments(period: period)
    }

    public func update(_ input: IndicatorInput) {
        moments.append(input.first)
        guard moments.isFull else { return }
        let standardDeviation = moments.standardDeviation
        current = standardDeviation > 0 ? moments.deviationFromMean(input.first) / standardDeviation : 0
    }

    public func value(_ index: Int) -> Double { current }
}
