/// `bbands(series, period, deviations)`: the simple moving average of the last `period` values and the
/// bands `deviations` population standard deviations above and below it; TA-Lib's BBANDS with an SMA
/// middle band and the same deviations up and down (lookback `period - 1`).
///
/// Outputs, in signature order: upper, middle, lower.
public final class BollingerBands: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 3
    private let deviations: Double
    private let moments: RecenteredWindowVariance
    private var upper = Double.nan
    private var lower = Double.nan

    /// Bands over the last `period` values (at least 2), `deviations` standard deviations either side.
    public init(period: Int, deviations: Double) {
        lookback = period - 1
        self.deviations = deviations
        moments = RecenteredWindowVariance(period: period)
    }

    public func update(_ input: IndicatorInput) {
        moments.append(input.first)
        guard moments.isFull else { return }
        let width = moments.variance.squareRoot() * deviations
        upper = moments.mean + width
        lower = moments.mean - width
    }

    public func value(_ index: Int) -> Double {
        switch index {
        case 0: upper
        case 1: moments.mean
        default: lower
        }
    }
}
