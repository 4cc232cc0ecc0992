/// A bar length written after `@` in an expression, such as the `1h` of `close@1h`.
///
/// Written like the strategy's own `timeframe`: a positive whole number and a unit, `ms`, `s`, `m`, `h` or
/// `d` (`15m`, `1h`, `4h`, `1d`). Periods are aligned to the Unix epoch, so `1d` is a UTC day.
public struct Timeframe: Sendable, Hashable, CustomStringConvertible {
    /// The length as written (`1h`, `60m`); printing an expression gives it back unchanged.
    public var text: String
    /// The length in milliseconds, always positive.
    public var milliseconds: Int64

    /// The units, longest suffix first so `5ms` is not read as `5m` followed by `s`.
    static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// The longest timeframe accepted: a century, like the config's durations (and far from overflowing).
    public static let maximumMilliseconds: Int64 = 100 * 365 * 86_400_000

    /// The timeframe `text` spells (`15m`, `1h`), or nil when it is not a positive whole number followed by
    /// one of the units, or is longer than ``maximumMilliseconds``.
    public init?(_ text: String) {
        guard let unit = Self.units.first(where: { text.hasSuffix($0.suffix) }) else { return nil }
        let digits = text.dropLast(unit.suffix.count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int64(digits),
            count > 0, count <= Self.maximumMilliseconds / unit.milliseconds
        else { return nil }
        self.text = text
        self.milliseconds = count * unit.milliseconds
    }

    /// The text as written.
    public var description: String { text }

    /// A length in milliseconds in the largest unit that divides it exactly: `300000` reads `5m`,
    /// `5400000` reads `90m`. For messages that name the strategy's timeframe.
    public static func spoken(milliseconds: Int64) -> String {
        for unit in units.reversed() where milliseconds % unit.milliseconds == 0 {
            return "\(milliseconds / unit.milliseconds)\(unit.suffix)"
        }
        return "\(milliseconds)ms"
    }
}
