import Foundation

/// How the ledger turns the broker's `Double` figures into `Decimal` and rounds cash to cents.
///
/// Rounding policy: every cash figure is rounded to cents **half away from zero** (`.plain`: 0.005 becomes
/// 0.01 and -0.005 becomes -0.01), as a broker statement would and as the paper broker does. Banker's rounding
/// is not used.
extension Decimal {
    /// The decimal a `Double` prints as: Swift prints the shortest digits that round-trip, so `100.1` becomes
    /// exactly 100.1 rather than the binary neighbour 100.099999999999994315658113919198513031005859375.
    ///
    /// Nil for NaN, infinities and magnitudes `Decimal` cannot hold.
    init?(shortestRepresentationOf value: Double) {
        guard value.isFinite else { return nil }
        // `Decimal(string:)` reads `1e-05` and `1e+16` too; it returns nil beyond Decimal's exponent range.
        guard let parsed = Decimal(string: "\(value)") else { return nil }
        self = parsed
    }

    /// This amount rounded to cents, half away from zero.
    var roundedToCents: Decimal {
        var input = self
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .plain)
        return output
    }

    /// The value as a `Double`, for ratios.
    var doubleValue: Double { NSDecimalNumber(decimal: self).doubleValue }
}
