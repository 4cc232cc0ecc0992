import Foundation

/// A `Decimal`'s significand and exponent as integers, for the integer fast paths of the ledger and the
/// journal (sums in cents, text without `Decimal`'s own description, which divides digit by digit).
///
/// Foundation does not publish these parts on Linux, so they are read from the value's storage: a signed
/// 8-bit exponent, a byte with the length in 16-bit words (high nibble) and the sign (bit 3), two reserved
/// bytes, then eight little-endian 16-bit words of significand. The layout is checked once against values
/// made through the public API; where it differs (another Foundation), ``smallParts`` is always nil and
/// every caller takes its `Decimal` path, so a changed layout costs speed, never a wrong amount.
extension Decimal {
    /// The signed significand and the exponent (value = significand × 10^exponent), as stored, when the
    /// significand fits in 63 bits; nil for NaN and larger significands.
    public var smallParts: (significand: Int64, exponent: Int)? {
        guard Self.storageLayoutIsKnown else { return nil }
        return storedParts
    }

    private var storedParts: (significand: Int64, exponent: Int)? {
        withUnsafeBytes(of: self) { raw -> (significand: Int64, exponent: Int)? in
            guard raw.count == 20 else { return nil }
            let flags = raw[1]
            let length = Int(flags >> 4)
            let negative = flags & 0x08 != 0
            guard length <= 4 else { return nil }
            guard length > 0 else { return negative ? nil : (0, 0) }
            var significand: UInt64 = 0
            for word in (0..<length).reversed() {
                significand = significand << 16 | UInt64(raw[4 + 2 * word]) | UInt64(raw[5 + 2 * word]) << 8
            }
            guard significand <= UInt64(Int64.max) else { return nil }
            return (negative ? -Int64(significand) : Int64(significand), Int(Int8(bitPattern: raw[0])))
        }
    }

    /// Whether the storage reads as described above, for values of every shape the runner makes.
    static let storageLayoutIsKnown: Bool = {
        let samples: [(String, Int64, Int)] = [
            ("56.25", 5_625, -2), ("-0.0035", -35, -4), ("100", 1, 2), ("0", 0, 0), ("-123456.789", -123_456_789, -3),
            ("9223372036854775807", Int64.max, 0), ("70000", 7, 4),
        ]
        for (text, significand, exponent) in samples {
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
                let parts = value.storedParts, parts.significand == significand, parts.exponent == exponent,
                value.exponent == (significand == 0 ? value.exponent : exponent)
            else { return false }
        }
        // Beyond 63 bits, and NaN, read as nothing.
        return Decimal(string: "18446744073709551616")?.storedParts == nil && Decimal.nan.storedParts == nil
    }()
}
