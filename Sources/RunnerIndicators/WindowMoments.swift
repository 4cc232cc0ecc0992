/// The mean and population variance of the last `period` values, updated in O(1).
///
/// The sum and the sum of squares are kept in ``DoubleDouble`` precision: TA-Lib's STDDEV and BBANDS
/// are accurate even when the spread is tiny next to the price level, which plain running sums of
/// Doubles are not (they are off by up to 1e-7 on two-bar windows of a random walk).
struct WindowMoments: Sendable {
    private var window: RingBuffer
    private var sum = DoubleDouble.zero
    private var sumOfSquares = DoubleDouble.zero

    init(period: Int) {
        window = RingBuffer(capacity: period)
    }

    /// True once `period` values have been appended.
    var isFull: Bool { window.isFull }

    private var count: Double { Double(window.count) }

    mutating func append(_ value: Double) {
        sum += DoubleDouble(value)
        sumOfSquares += DoubleDouble.product(value, value)
        if let evicted = window.append(value) {
            sum -= DoubleDouble(evicted)
            sumOfSquares -= DoubleDouble.product(evicted, evicted)
        }
    }

    /// The mean of the values held.
    var mean: Double { sum.value / count }

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
