/// `wma(series, period)`: TA-Lib's WMA, the average of the last `period` values weighted 1 for the
/// oldest up to `period` for the newest (lookback `period - 1`).
///
/// O(1) per value with TA-Lib's two running sums: the weighted sum, and the plain sum that the weighted
/// sum loses when every weight drops by one as the window slides. Like TA-Lib, both are recomputed from
/// the window every `8 * period` outputs so rounding cannot build up.
public final class WeightedMovingAverage: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let period: Int
    private let weightTotal: Double
    private let window: RingBuffer
    private var weightedSum = 0.0
    private var plainSum = 0.0
    /// The oldest value of the previous window, still counted in `plainSum`.
    private var leavingValue = 0.0
    private var outputsUntilRecompute: Int
    private var current = Double.nan

    /// A WMA over the last `period` values (at least 1; 1 follows the series).
    public init(period: Int) {
        lookback = period - 1
        self.period = period
        weightTotal = (Double(period + 1) * Double(period)) * 0.5
        window = RingBuffer(capacity: period)
        outputsUntilRecompute = 8 * period
    }

    public func update(_ input: IndicatorInput) {
        let value = input.first
        window.append(value)
        guard period > 1 else {
            current = value
            return
        }
        guard window.isFull else {
            plainSum += value
            weightedSum += Double(window.count) * value
            return
        }
        let newWeightedSum: Double
        outputsUntilRecompute -= 1
        if outputsUntilRecompute == 0 {
            outputsUntilRecompute = 8 * period
            plainSum = 0
            newWeightedSum = recomputedSums()
        } else {
            plainSum += value
            plainSum -= leavingValue
            newWeightedSum = value * Double(period) + weightedSum
        }
        weightedSum = newWeightedSum - plainSum
        current = newWeightedSum / weightTotal
        leavingValue = window[age: period - 1]
    }

    /// Sets `plainSum` to the window's sum and returns its weighted sum, oldest first as TA-Lib adds them.
    private func recomputedSums() -> Double {
        var weighted = 0.0
        for age in stride(from: period - 1, through: 0, by: -1) {
            let value = window[age: age]
            plainSum += value
            weighted += Double(period - age) * value
        }
        return weighted
    }

    public func value(_ index: Int) -> Double { current }
}
