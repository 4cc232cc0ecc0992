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
