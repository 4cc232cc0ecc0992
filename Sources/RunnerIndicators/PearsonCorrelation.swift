/// `correlation(first, second, period)`: TA-Lib's CORREL, the Pearson correlation of the two series over
/// the last `period` bars, computed as TA-Lib computes it so the results agree to the last bit
/// (lookback `period - 1`).
///
/// The running sums are of deviations from a reference point per series (at first the first values,
/// later the window means). Like ``RecenteredWindowVariance``, the references move to the window means and
/// the sums are recomputed every `32 * period` outputs and whenever cancellation threatens; that is
/// O(period) work, amortised O(1) on ordinary data. The result is 0 when either series is constant over
/// the window (its variance is within rounding of zero), and is clamped to [-1, 1].
public final class PearsonCorrelation: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let period: Int
    private let reciprocalPeriod: Double
    private let firstWindow: RingBuffer
    private let secondWindow: RingBuffer
    private var firstReference = 0.0
    private var secondReference = 0.0
    // Sums over the window minus its oldest pair (which the next pair replaces), of deviations
    // x = first - firstReference and y = second - secondReference.
    private var sumX = 0.0
    private var sumY = 0.0
    private var sumXSquared = 0.0
    private var sumYSquared = 0.0
    private var sumXY = 0.0
    /// The squared deviations the last output dropped, checked against the sums that remain.
    private var droppedXSquared = 0.0
    private var droppedYSquared = 0.0
    private var outputsUntilRecentering: Int
    private var current = Double.nan

    /// The correlation over the last `period` bars (at least 1; 1 gives 0).
    public init(period: Int) {
        lookback = period - 1
        self.period = period
        reciprocalPeriod = 1.0 / Double(period)
        firstWindow = RingBuffer(capacity: period)
        secondWindow = RingBuffer(capacity: period)
        outputsUntilRecentering = 32 * period
    }

    public func update(_ input: IndicatorInput) {
        if firstWindow.count == 0 {
            firstReference = input.first
            secondReference = input.second
        }
        firstWindow.append(input.first)
        secondWindow.append(input.second)
        let x = input.first - firstReference
        sumX += x
        sumXSquared += x * x
        guard firstWindow.isFull else {
            let y = input.second - secondReference
            sumXY += x * y
            sumY += y
            sumYSquared += y * y
            return
        }

        var varianceX = sumXSquared - (sumX * sumX) * reciprocalPeriod
        var varianceY = 0.0
        var covariance = 0.0
        var recenter = 1e-6 * sumXSquared > varianceX
        var y = 0.0
        if !recenter {
            y = input.second - secondReference
            sumY += y
            sumYSquared += y * y
            varianceY = sumYSquared - (sumY * sumY) * reciprocalPeriod
            recenter =
                1e-6 * sumYSquared > varianceY || droppedXSquared > 1e6 * sumXSquared
                || droppedYSquared > 1e6 * sumYSquared
        }
        if !recenter {
            outputsUntilRecentering -= 1
            recenter = outputsUntilRecentering == 0
        }
        if recenter {
            recenterOnWindowMeans()
            varianceX = clampedAtZero(sumXSquared - (sumX * sumX) * reciprocalPeriod)
            varianceY = clampedAtZero(sumYSquared - (sumY * sumY) * reciprocalPeriod)
            covariance = sumXY - (sumY * sumX) * reciprocalPeriod
            outputsUntilRecentering = 32 * period
        } else {
            sumXY = x * y + sumXY
            covariance = sumXY - (sumX * sumY) * reciprocalPeriod
        }
        current = correlation(covariance: covariance, varianceX: varianceX, varianceY: varianceY)
        dropOldestPair()
    }

    public func value(_ index: Int) -> Double { current }

    private func correlation(covariance: Double, varianceX: Double, varianceY: Double) -> Double {
        guard varianceX > 1e-14 * sumXSquared, varianceY > 1e-14 * sumYSquared else { return 0 }
        let product = varianceX * varianceY
        guard product > 0 else { return 0 }
        let ratio = covariance / product.squareRoot()
        if ratio > 1 { return 1 }
        return ratio < -1 ? -1 : ratio
    }

    /// `value`, or 0 when negative; NaN passes through, as in TA-Lib.
    private func clampedAtZero(_ value: Double) -> Double { value < 0 ? 0 : value }

    /// Moves both references to the window means and recomputes the sums over the whole window.
    private func recenterOnWindowMeans() {
        var firstTotal = 0.0
        var secondTotal = 0.0
        for age in stride(from: period - 1, through: 0, by: -1) {
            firstTotal += firstWindow[age: age]
            secondTotal += secondWindow[age: age]
        }
        firstReference = firstTotal * reciprocalPeriod
        secondReference = secondTotal * reciprocalPeriod
        sumX = 0
        sumY = 0
        sumXSquared = 0
        sumYSquared = 0
        sumXY = 0
        for age in stride(from: period - 1, through: 0, by: -1) {
            let x = firstWindow[age: age] - firstReference
            let y = secondWindow[age: age] - secondReference
            sumX += x
            sumXSquared += x * x
            sumXY += x * y
            sumY += y
            sumYSquared += y * y
        }
    }

    /// Takes the oldest pair out of the sums, ready for the next bar.
    private func dropOldestPair() {
        let x = firstWindow[age: period - 1] - firstReference
        let y = secondWindow[age: period - 1] - secondReference
        sumX -= x
        sumY -= y
        droppedXSquared = x * x
        droppedYSquared = y * y
        sumXSquared -= droppedXSquared
        sumXY -= x * y
        sumYSquared -= droppedYSquared
    }
}
