/// A number held as the unevaluated sum of two Doubles, about 106 bits of precision.
///
/// Window statistics keep their running sums in this form: adding and later subtracting squares of
/// prices then loses nothing that matters, so a variance computed as a difference of large sums is
/// still accurate when the spread is tiny next to the level, and is exactly 0 for a constant window.
/// Algorithms from Hida, Li and Bailey, "Library for Double-Double and Quad-Double Arithmetic" (2007).
struct DoubleDouble: Sendable {
    /// The leading part: the sum rounded to a Double.
    private(set) var high: Double
    /// What `high` leaves out, at most half an ulp of `high`.
    private(set) var low: Double

    static let zero = DoubleDouble(0)

    init(_ value: Double) {
        high = value
        low = 0
    }

    private init(high: Double, low: Double) {
        self.high = high
        self.low = low
    }

    /// The value rounded to a Double.
    var value: Double { high + low }

    /// `a * b` with no rounding error.
    static func product(_ a: Double, _ b: Double) -> DoubleDouble {
        let rounded = a * b
        return DoubleDouble(high: rounded, low: (-rounded).addingProduct(a, b))
    }

    static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let (sum, sumError) = twoSum(a.high, b.high)
        let (lowSum, lowError) = twoSum(a.low, b.low)
        let first = quickTwoSum(sum, sumError + lowSum)
        return quickTwoSum(first.high, first.low + lowError)
    }

    static prefix func - (a: DoubleDouble) -> DoubleDouble {
        DoubleDouble(high: -a.high, low: -a.low)
    }

    static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble { a + (-b) }

    static func * (a: DoubleDouble, b: Double) -> DoubleDouble {
        let leading = product(a.high, b)
        return quickTwoSum(leading.high, leading.low + a.low * b)
    }

    static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let leading = product(a.high, b.high)
        return quickTwoSum(leading.high, leading.low + (a.high * b.low + a.low * b.high))
    }

    static func += (a: inout DoubleDouble, b: DoubleDouble) { a = a + b }

    static func -= (a: inout DoubleDouble, b: DoubleDouble) { a = a - b }

    /// `a + b` and its rounding error, for any magnitudes.
    private static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let sum = a + b
        let bPart = sum - a
        return (sum, (a - (sum - bPart)) + (b - bPart))
    }

    /// `a + b` renormalised, given `|a| >= |b|`.
    private static func quickTwoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let sum = a + b
        return DoubleDouble(high: sum, low: b - (sum - a))
    }
}
