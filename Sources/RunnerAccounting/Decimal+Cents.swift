import Foundation

/// How the ledger rounds cash to cents. (Market prices, which arrive as `Double`, are read as the digits they
/// print as, with `Decimal(shortestRepresentationOf:)` from RunnerCore; fills carry exact decimals.)
///
/// Rounding policy: every cash figure is rounded to cents **half away from zero** (`.plain`: 0.005 becomes
/// 0.01 and -0.005 becomes -0.01), as a broker statement would and as the paper broker does. Banker's rounding
/// is not used.
extension Decimal {
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

/// Whole cents in 64-bit integers, for the sums the ledger takes at every decision (equity): the same
/// values as the `Decimal` arithmetic, which on Linux builds arrays per operation. Every helper returns nil
/// when its value does not fit, and the caller goes the `Decimal` way.
extension Decimal {
    /// The amount in cents, when it is a whole number of cents.
    var wholeCents: Int64? {
        guard let (significand, exponent) = smallParts else { return nil }
        if significand == 0 { return 0 }
        if exponent >= -2 { return significand.timesPowerOfTen(exponent + 2) }
        guard let divisor = Int64(1).timesPowerOfTen(-2 - exponent), significand % divisor == 0 else { return nil }
        return significand / divisor
    }

    /// `quantity × self` rounded to cents half away from zero (``roundedToCents``), in cents.
    func cents(times quantity: Int64) -> Int64? {
        guard let (significand, exponent) = smallParts else { return nil }
        let (product, overflow) = significand.multipliedReportingOverflow(by: quantity)
        guard !overflow else { return nil }
        if exponent >= -2 { return product.timesPowerOfTen(exponent + 2) }
        guard let divisor = Int64(1).timesPowerOfTen(-2 - exponent) else { return nil }
        // Half away from zero: round the magnitude half up.
        let magnitude = product.magnitude
        let rounded = (magnitude / divisor.magnitude) + (magnitude % divisor.magnitude >= (divisor.magnitude + 1) / 2 ? 1 : 0)
        guard rounded <= UInt64(Int64.max) else { return nil }
        return product < 0 ? -Int64(rounded) : Int64(rounded)
    }

    /// A nonzero amount of cents as the `Decimal` arithmetic leaves it: compact, with no trailing zeros in
    /// its significand (the exponent takes them), so it converts to `Double` and prints as the sum did.
    init?(compactCents cents: Int64) {
        guard cents != 0 else { return nil }
        var significand = cents.magnitude
        var exponent: Int32 = -2
        while significand % 10 == 0 {
            significand /= 10
            exponent += 1
        }
        self.init(sign: cents < 0 ? .minus : .plus, exponent: Int(exponent), significand: Decimal(significand))
    }
}

extension Int64 {
    /// `self × 10^power` for a power from 0 to 18; nil on overflow.
    func timesPowerOfTen(_ power: Int) -> Int64? {
        guard power >= 0, power <= 18 else { return nil }
        var value = self
        for _ in 0..<power {
            let (next, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = next
        }
        return value
    }
}
