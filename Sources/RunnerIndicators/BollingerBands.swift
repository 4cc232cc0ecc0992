/// `bbands(series, period, deviations)`: the simple moving average of the last `period` values and the
/// bands `deviations` population standard deviations above and below it; TA-Lib's BBANDS with an SMA
/// middle band and the same deviations up and down (lookback `period - 1`).
///
/// Outputs, in signature order: upper, middle, lower.
public final class BollingerBands: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 3
    private let deviations: Double
    private var moments: WindowMoments
    private var upper = Double.nan
    private var middle = Double.nan
    private var lower = Double.nan

    public init(period: Int, deviations: Double) {
        lookback = period - 1
        self.deviations = deviations
        moments = WindowMoments(period: period)
    }

    public func update(_ input: IndicatorInput) {
        moments.append(input.first)
        guard moments.isFull else { return }
        middle = moments.mean
        let width = moments.standardDeviation * deviations
        upper = middle + width
        lower = middle - width
    }

    public func value(_ index: Int) -> Double {
        switch index {
        case 0: upper
        case 1: middle
        default: lower
        }
    }
}
