/// TA-Lib's EMA recurrence as a value, for the indicators that chain or offset exponential averages
/// (EMA, DEMA, TEMA, MACD).
///
/// The first `period` values are averaged to seed it; after that each value moves the average by
/// `k = 2 / (period + 1)` of the distance to it.
struct ExponentialSmoothing: Sendable {
    private let period: Int
    private let smoothingFactor: Double
    private var seedSum = 0.0
    private var seedCount = 0
    /// The latest average; NaN until `period` values have been seen.
    private(set) var current = Double.nan

    init(period: Int) {
        self.period = period
        smoothingFactor = 2.0 / Double(period + 1)
    }

    /// Feeds one value and returns the new average (NaN while seeding).
    @discardableResult
    mutating func update(_ value: Double) -> Double {
        if seedCount < period {
            seedSum += value
            seedCount += 1
            if seedCount == period { current = seedSum / Double(period) }
        } else {
            // Fused, as TA-Lib's FMA build computes it: `(value - current) * k + current` rounded once.
            current = current.addingProduct(value - current, smoothingFactor)
        }
        return current
    }
}
