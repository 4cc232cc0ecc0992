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
        let text = value.description
        if let simple = Decimal(plainDigits: text) {
            self = simple
            return
        }
        // `Decimal(string:)` reads `1e-05` and `1e+16` too; it returns nil beyond Decimal's exponent range.
        guard let parsed = Decimal(string: text) else { return nil }
        self = parsed
    }

    /// `-108.50` (digits with at most one point, at most 18 significant digits, not zero) as the very
    /// `Decimal` that `Decimal(string:)` makes of it, trailing zeros compacted into the exponent, at a
    /// fifth of the cost: the ledger marks every symbol at every decision tick. Nil for anything else
    /// (zero, exponents, longer digits), which goes to `Decimal(string:)`.
    init?(plainDigits text: String) {
        var significand: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        var negative = false
        var first = true
        for byte in text.utf8 {
            defer { first = false }
            if byte == UInt8(ascii: "-"), first {
                negative = true
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if sawPoint { fractionDigits += 1 }
                // Leading zeros are not significant digits.
                guard significand != 0 || byte != UInt8(ascii: "0") else { continue }
                significand = significand * 10 + UInt64(byte - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 18 else { return nil }
            } else {
                return nil
            }
        }
        guard significand != 0 else { return nil }
        var exponent = -fractionDigits
        while significand % 10 == 0 {
            significand /= 10
            exponent += 1
        }
        self.init(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
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
