import Foundation

/// Decimal numbers as market data writes them: `123`, `-0.5`, `1.25e3`, `.5`. Nothing else: no hex
/// (`0x10`), no `inf` or `nan`, no spaces or signs inside, no thousands separators. What `strtod` would
/// also accept is refused here, so a value is never read as something its writer did not mean.
enum CSVNumber {
    /// The longest number read (longer is refused): 64 bytes hold any `Double` written in full.
    static let maximumLength = 64

    /// The value of `bytes`, or nil when they are not a decimal number or it is not finite.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return nil }
        if let value = simpleDecimal(bytes) { return value }
        guard isDecimal(bytes) else { return nil }
        // Copied with a terminating zero, so strtod reads nothing but these bytes.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { scratch -> Double? in
            guard let target = scratch.baseAddress else { return nil }
            for index in 0..<bytes.count { scratch[index] = CChar(bitPattern: bytes[index]) }
            scratch[bytes.count] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(target, &stop)
            guard let stop, stop == target + bytes.count, value.isFinite else { return nil }
            return value
        }
    }

    /// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`
    static func isDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if isSign(bytes, index) { index += 1 }
        var mantissaDigits = skipDigits(bytes, &index)
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            mantissaDigits += skipDigits(bytes, &index)
        }
        guard mantissaDigits > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if isSign(bytes, index) { index += 1 }
            guard skipDigits(bytes, &index) > 0 else { return false }
        }
        return index == bytes.count
    }

    private static func isSign(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        index < bytes.count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+"))
    }

    /// Moves `index` past the digits there; how many.
    private static func skipDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        return index - start
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// `-123.4500` with at most 15 significant digits and no exponent, the usual shape of prices and
    /// volumes: the digits as an exact integer divided by an exact power of ten, which IEEE division
    /// rounds correctly (Clinger's fast path), so the result equals `strtod`'s. Nil for anything else.
    static func simpleDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty else { return nil }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                // Past 15 digits the fast path is refused below; wrapping until then is harmless.
                mantissa = mantissa &* 10 &+ UInt64(byte - 48)
                digits += 1
                if sawPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0, digits <= 15, fractionDigits <= 22 else { return nil }
        let value = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }
}
