/// The mean and population variance of the last `period` values, updated in O(1) and accurate to
/// rounding, for `zscore`, whose reference is numpy's two-pass `window.mean()` and `window.std()`.
///
/// The sum and the sum of squares are kept in ``DoubleDouble`` precision, so the variance, a difference
/// of two large sums, keeps its accuracy when the spread is tiny next to the level (plain Double running
/// sums are off by up to 1e-7 on two-bar windows of a random walk), and is exactly 0 for a constant window.
final class WindowMoments {
    private let window: RingBuffer
    private var sum = DoubleDouble.zero
    private var sumOfSquares = DoubleDouble.zero

    init(period: Int) {
        window = RingBuffer(capacity: period)
    }

    /// True once `period` values have been appended.
    var isFull: Bool { window.isFull }

    private var count: Double { Double(window.count) }

    func append(_ value: Double) {
        sum += DoubleDouble(value)
        sumOfSquares += DoubleDouble.product(value, value)
        if let evicted = window.append(value) {
            sum -= DoubleDouble(evicted)
            sumOfSquares -= DoubleDouble.product(evicted, evicted)
        }
    }

    /// The population variance of the values held; never negative, and exactly 0 for equal values.
    var variance: Double {
        // n * sum(x^2) - (sum x)^2 is n^2 times the variance, and exact in double-double for a constant window.
        let scaled = (sumOfSquares * count - sum * sum).value
        return scaled > 0 ? scaled / (count * count) : 0
    }

    /// The population standard deviation of the values held.
    var standardDeviation: Double { variance.squareRoot() }

    /// `value` minus the mean, without the rounding of subtracting a rounded mean.
    func deviationFromMean(_ value: Double) -> Double {
        (DoubleDouble.product(value, count) - sum).value / count
    }
}
