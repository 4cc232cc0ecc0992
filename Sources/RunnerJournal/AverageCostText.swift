import Foundation
import RunnerCore

extension DecimalText {
    /// The average cost `costBasis / quantity` as decimal text (``string(_:)``), zero when flat.
    ///
    /// A cost basis is whole cents, and most positions' averages end after a few digits (a basis of
    /// 5,625.00 over 100 shares is 56.25): those are divided in 64-bit integers, which gives the very
    /// digits `Decimal`'s division writes (the exact quotient, without trailing zeros beyond the two
    /// decimals the text always shows). Anything else (an average that does not end, a basis beyond
    /// 64 bits) goes through `Decimal`'s division.
    static func averageCost(costBasis: Decimal, quantity: Int64) -> String? {
        guard quantity != 0 else { return string(0) }
        if let text = exactQuotientText(costBasis, quantity) { return text }
        return string(costBasis / Decimal(quantity))
    }

    /// `dividend / divisor` when the quotient ends within 18 decimals and everything fits in 64 bits.
    private static func exactQuotientText(_ dividend: Decimal, _ divisor: Int64) -> String? {
        guard let (signed, dividendExponent) = dividend.smallParts, dividendExponent <= 0, dividendExponent >= -18
        else { return nil }
        let significand = signed.magnitude
        let magnitude = divisor.magnitude
        // The fewest extra decimals that make the division exact: then the quotient's last digit is not 0.
        var scaled = significand
        var extra = 0
        while scaled % magnitude != 0 {
            let (next, overflow) = scaled.multipliedReportingOverflow(by: 10)
            guard !overflow, extra < 18 else { return nil }
            scaled = next
            extra += 1
        }
        var quotient = scaled / magnitude
        var exponent = dividendExponent - extra
        // Zeros past the two decimals the text shows would be written; the division's result has none.
        while exponent < -2, quotient != 0, quotient % 10 == 0 {
            quotient /= 10
            exponent += 1
        }
        let negative = (signed < 0) != (divisor < 0) && quotient != 0
        guard exponent >= -38, quotient <= UInt64(Int64.max) else { return nil }
        let value = Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(quotient))
        return string(value)
    }
}
