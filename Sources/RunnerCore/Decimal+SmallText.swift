import Foundation

extension Decimal {
    /// ``plainText(minimumFractionDigits:)`` for a nonzero value whose significand fits in 64 bits (every
    /// price, fee and amount the runner books), written from the significand and exponent into one string:
    /// the same digits `"\(self)"` writes (its stored digits, trailing zeros included, with `0.` before a
    /// fraction that has no integer part), at a fraction of the cost of `Decimal`'s own description, which
    /// divides the significand by ten digit by digit. Nil for anything else.
    func smallPlainText(minimumFractionDigits: Int) -> String? {
        guard let (signed, exponent) = smallParts, signed != 0, exponent >= -40, exponent <= 20,
            minimumFractionDigits <= 40
        else { return nil }
        let significand = signed.magnitude
        var count = 0
        var probe = significand
        repeat {
            count += 1
            probe /= 10
        } while probe > 0
        let fraction = max(0, -exponent)
        // Digits before the point: the significand's less its fraction (a single 0 when none are left),
        // and zeros for a positive exponent.
        let integerDigits = exponent >= 0 ? count + exponent : max(count - fraction, 1)
        let shownFraction = max(fraction, minimumFractionDigits)
        let negative = signed < 0
        let length = (negative ? 1 : 0) + integerDigits + (shownFraction > 0 ? 1 + shownFraction : 0)
        return String(unsafeUninitializedCapacity: length) { buffer in
            // Right to left: padding zeros, the fraction's digits, the point, the integer part, the sign.
            var position = length
            func put(_ byte: UInt8) {
                position -= 1
                buffer[position] = byte
            }
            var rest = significand
            for _ in 0..<(shownFraction - fraction) { put(UInt8(ascii: "0")) }
            for _ in 0..<fraction {
                put(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            }
            if shownFraction > 0 { put(UInt8(ascii: ".")) }
            for _ in 0..<max(0, exponent) { put(UInt8(ascii: "0")) }
            repeat {
                put(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            } while rest > 0
            if negative { put(UInt8(ascii: "-")) }
            return length
        }
    }
}
