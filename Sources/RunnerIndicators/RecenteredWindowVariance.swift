/// The population variance and the mean of the last `period` values, computed the way TA-Lib's VAR,
/// STDDEV and BBANDS compute them, so the results agree to the last bit.
///
/// The variance comes from running sums of the values' deviations from a reference point (at first the
/// first value, later the window mean), not of the raw values, so it stays accurate when the spread is
/// tiny next to the level. The reference is moved to the window mean, and the sums recomputed from the
/// window, every `32 * period` outputs and whenever cancellation threatens: when the variance falls below
/// a millionth of the mean squared deviation, or a departing deviation was a million times the rest.
/// That is O(period) work, amortised O(1) on ordinary data.
///
/// The mean is TA-Lib's SMA: a plain running sum that adds the newest value, divides, then drops the
/// oldest.
final class RecenteredWindowVariance {
    private let period: Int
    private let reciprocalPeriod: Double
    private let window: RingBuffer
    private var reference = 0.0
    /// Sums over the window minus its oldest value (which the next value replaces).
    private var deviationSum = 0.0
    private var squaredDeviationSum = 0.0
    private var valueSum = 0.0
    private var outputsUntilRecentering: Int
    /// The variance of the latest full window; NaN before.
    private(set) var variance = Double.nan
    /// The mean of the latest full window; NaN before.
    private(set) var mean = Double.nan

    init(period: Int) {
        self.period = period
        reciprocalPeriod = 1.0 / Double(period)
        window = RingBuffer(capacity: period)
        outputsUntilRecentering = 32 * period
    }

    /// True once `period` values have been appended.
    var isFull: Bool { window.isFull }

    func append(_ value: Double) {
        if window.count == 0 { reference = value }
        window.append(value)
        valueSum += value
        let deviation = value - reference
        deviationSum += deviation
        squaredDeviationSum += deviation * deviation
        guard window.isFull else { return }

        let meanDeviation = reciprocalPeriod * deviationSum
        var newVariance = reciprocalPeriod * squaredDeviationSum - meanDeviation * meanDeviation
        mean = valueSum / Double(period)
        let oldest = window[age: period - 1]
        valueSum -= oldest
        let oldestDeviation = oldest - reference
        let oldestSquare = oldestDeviation * oldestDeviation
        squaredDeviationSum -= oldestSquare

        var recenter = (reciprocalPeriod * squaredDeviationSum) * 1e-6 > newVariance
        if !recenter { recenter = oldestSquare > squaredDeviationSum * 1e6 }
        if !recenter {
            outputsUntilRecentering -= 1
            recenter = outputsUntilRecentering == 0
        }
        if recenter {
            newVariance = recenterOnWindowMean()
        } else {
            deviationSum -= oldestDeviation
        }
        variance = newVariance
    }

    /// Moves the reference to the window mean, recomputes the sums (leaving the oldest value out, as the
    /// running sums do) and returns the window's variance, 0 when it is rounding noise.
    private func recenterOnWindowMean() -> Double {
        var total = 0.0
        for age in stride(from: period - 1, through: 0, by: -1) { total += window[age: age] }
        reference = total * reciprocalPeriod
        deviationSum = 0
        squaredDeviationSum = 0
        for age in stride(from: period - 1, through: 0, by: -1) {
            let deviation = window[age: age] - reference
            deviationSum += deviation
            squaredDeviationSum += deviation * deviation
        }
        let meanDeviation = reciprocalPeriod * deviationSum
        let meanSquare = reciprocalPeriod * squaredDeviationSum
        var variance = meanSquare - meanDeviation * meanDeviation
        if !(variance >= meanSquare * 1e-12) { variance = 0 }
        let oldestDeviation = window[age: period - 1] - reference
        deviationSum -= oldestDeviation
        squaredDeviationSum -= oldestDeviation * oldestDeviation
        outputsUntilRecentering = 32 * period
        return variance
    }
}
