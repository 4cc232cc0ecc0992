import Foundation

/// Exact decimals for prices and cash: read from the `Double`s market data arrives in, read from and
/// written to decimal text (book files, the journal), and rounded to a number of places.
///
/// A `Double` read from a CSV is the binary neighbour of the digits the file wrote; Swift prints the
/// shortest digits that read back as that `Double`, which are the file's digits (for any figure of at most
/// 15 significant digits). So `Decimal(shortestRepresentationOf: 100.1)` is exactly 100.1, never
/// 100.099999999999994315658113919198513031005859375.
extension Decimal {
    /// The decimal a `Double` prints as: Swift prints the shortest digits that round-trip, so `100.1` becomes
    /// exactly 100.1 rather than the binary neighbour 100.099999999999994315658113919198513031005859375.
    ///
    /// Nil for NaN, infinities and magnitudes `Decimal` cannot hold.
    public init?(shortestRepresentationOf value: Double) {
        guard value.isFinite else { return nil }
        if let (significand, exponent) = Self.shortDecimalDigits(of: value) {
            self.init(sign: value < 0 ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
            return
        }
        self.init(describing: value)
    }

    /// The shortest digits of `value` by arithmetic, for the prices and rates of market data: the fewest
    /// decimals `k` (up to 8) for which `value × 10^k` is an integer `c` whose correctly rounded `c / 10^k`
    /// is `value` again. With `|c| < 2^52` the `Double`s around `value` are less than `10^-k` apart, so no
    /// other number of `k` decimals reads back as `value`, and none with fewer decimals does (a smaller `k`
    /// would have been found first): `c / 10^k` is the shortest round-trip, the digits `description` writes.
    /// Returned as `description`'s digits are read (``init(plainDigits:)``): trailing zeros moved into the
    /// exponent. Nil for zero, values that `description` writes with an exponent, and anything longer.
    static func shortDecimalDigits(of value: Double) -> (significand: UInt64, exponent: Int)? {
        let magnitude = value.magnitude
        guard magnitude >= 1e-3, magnitude < 1e15 else { return nil }
        var scale = 1.0
        for places in 0...8 {
            let scaled = (magnitude * scale).rounded()
            guard scaled < 4_503_599_627_370_496 else { return nil }  // 2^52
            if scaled / scale == magnitude, scaled >= 1 {
                var significand = UInt64(scaled)
                var exponent = -places
                while significand % 10 == 0 {
                    significand /= 10
                    exponent += 1
                }
                return (significand, exponent)
            }
            scale *= 10
        }
        return nil
    }

    /// The decimal `value.description` writes, read back.
    init?(describing value: Double) {
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

    /// The number `text` writes, exactly: an optional `-`, digits, an optional fraction (`56.31`,
    /// `-0.0035`, `100`) and an optional exponent (`1e-05`, as a `Double` prints). Nil for anything else
    /// (blanks, `+`, a comma, `NaN`, trailing characters, more than 64 characters) and for numbers beyond
    /// `Decimal`'s range, so a malformed book line or journal row is refused, never read as a nearby value.
    public init?(decimalText text: some StringProtocol) {
        let string = String(text)
        guard string.utf8.count <= 64, Self.isDecimalText(string.utf8) else { return nil }
        if let simple = Decimal(plainDigits: string) {
            self = simple
            return
        }
        guard let parsed = Decimal(string: string, locale: Locale(identifier: "en_US_POSIX")), !parsed.isNaN else {
            return nil
        }
        self = parsed
    }

    /// Whether `bytes` is `-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private static func isDecimalText(_ bytes: String.UTF8View) -> Bool {
        enum Part { case start, sign, integer, point, fraction, exponentMark, exponentSign, exponent }
        var part = Part.start
        for byte in bytes {
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            switch (part, byte) {
            case (.start, UInt8(ascii: "-")): part = .sign
            case (.start, _) where digit, (.sign, _) where digit, (.integer, _) where digit: part = .integer
            case (.integer, UInt8(ascii: ".")): part = .point
            case (.point, _) where digit, (.fraction, _) where digit: part = .fraction
            case (.integer, UInt8(ascii: "e")), (.integer, UInt8(ascii: "E")),
                (.fraction, UInt8(ascii: "e")), (.fraction, UInt8(ascii: "E")):
                part = .exponentMark
            case (.exponentMark, UInt8(ascii: "-")), (.exponentMark, UInt8(ascii: "+")): part = .exponentSign
            case (.exponentMark, _) where digit, (.exponentSign, _) where digit, (.exponent, _) where digit:
                part = .exponent
            default: return false
            }
        }
        return part == .integer || part == .fraction || part == .exponent
    }

    /// This value rounded to `places` decimal places (2 for cents, 4 for a sub-penny tick) with `mode`:
    /// `.plain` rounds half away from zero (0.005 becomes 0.01, -0.005 becomes -0.01), `.up` and `.down`
    /// round toward positive and negative infinity.
    public func rounded(toPlaces places: Int, _ mode: NSDecimalNumber.RoundingMode = .plain) -> Decimal {
        var input = self
        var output = Decimal()
        NSDecimalRound(&output, &input, places, mode)
        return output
    }

    /// Plain decimal text, never an exponent, with at least `minimumFractionDigits` digits after the point
    /// (`3.60` for 3.6 with two), never fewer than the value has (`0.0035` stays `0.0035`): exact, and read
    /// back by ``init(decimalText:)`` as the same value. `NaN` for NaN.
    public func plainText(minimumFractionDigits: Int = 0) -> String {
        guard !isNaN else { return "NaN" }
        if let text = smallPlainText(minimumFractionDigits: minimumFractionDigits) { return text }
        // `Decimal` describes itself in plain digits, never with an exponent.
        var text = "\(self)"
        let fraction = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? -1
        guard minimumFractionDigits > 0, fraction < minimumFractionDigits else { return text }
        if fraction < 0 { text += "." }
        text += String(repeating: "0", count: minimumFractionDigits - max(fraction, 0))
        return text
    }
}
