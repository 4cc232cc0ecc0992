import Foundation
import RunnerCore

/// Strict parsing of the unit-bearing scalars in config files. Each function returns the value or
/// a sentence saying what was wrong and how to write it.
public enum UnitParser {
    /// `1%` or `0.01`. A bare number of 1 or more is refused because `3` could mean 3% or 300%.
    public static func ratio(_ text: String) -> Result<Ratio, UnitError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let percent = decimalNumber(String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces)) else {
                return .failure(UnitError("'\(text)' is not a percentage; write it like `1%` or `0.01`"))
            }
            guard percent >= 0 else { return .failure(UnitError("'\(text)' is negative; it must be 0% or more")) }
            return .success(.percent(percent))
        }
        guard let value = decimalNumber(trimmed) else {
            return .failure(UnitError("'\(text)' is not a percentage; write it like `1%` or `0.01`"))
        }
        guard value >= 0 else { return .failure(UnitError("'\(text)' is negative; it must be 0% or more")) }
        // `1` could mean 1% or 100%; only fractions below one are unambiguous.
        guard value < 1 else {
            return .failure(UnitError(
                "'\(text)' is ambiguous: write `\(trimmed)%` for \(trimmed) percent, or the fraction `\(value / 100)`"))
        }
        return .success(Ratio(value))
    }

    /// `2bps`, `0.02%` or `0.0002`.
    public static func basisPoints(_ text: String) -> Result<Ratio, UnitError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("bps") {
            guard let points = decimalNumber(String(trimmed.dropLast(3)).trimmingCharacters(in: .whitespaces)) else {
                return .failure(UnitError("'\(text)' is not a number of basis points; write it like `2bps`"))
            }
            guard points >= 0 else { return .failure(UnitError("'\(text)' is negative; it must be 0bps or more")) }
            return .success(.basisPoints(points))
        }
        return ratio(text)
    }

    /// `250ms`, `30s`, `5m`, `1h`, `1d`; never negative, and a unit is required.
    public static func duration(_ text: String) -> Result<Duration, UnitError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = String(trimmed.dropLast(unit.suffix.count)).trimmingCharacters(in: .whitespaces)
            // `5ms` also ends in `s`: only accept a suffix whose number part parses.
            guard let value = decimalNumber(number) else { continue }
            guard value >= 0 else {
                return .failure(UnitError("'\(text)' is a negative duration; durations are 0 or more"))
            }
            let milliseconds = (value * unit.seconds * 1000).rounded()
            // Beyond a century nothing in a trading config makes sense, and Int64 would overflow.
            guard milliseconds <= 100 * 365 * 86_400_000 else {
                return .failure(UnitError("'\(text)' is longer than any setting needs (100 years at most)"))
            }
            return .success(.milliseconds(Int64(milliseconds)))
        }
        if decimalNumber(trimmed) != nil {
            return .failure(UnitError("'\(text)' has no unit; write it like `\(trimmed)s`, `5m` or `250ms`"))
        }
        return .failure(UnitError("'\(text)' is not a duration; write it like `30s`, `5m`, `250ms` or `1h`"))
    }

    /// `1000000 USD` or `250_000 USD`: an amount and a three-letter currency code.
    public static func money(_ text: String) -> Result<Money, UnitError> {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else {
            return .failure(UnitError("'\(text)' is not an amount of money; write it like `250000 USD`"))
        }
        let currency = String(parts[1])
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            return .failure(UnitError("'\(currency)' is not a currency code; use three capital letters such as `USD`"))
        }
        let digits = parts[0].replacingOccurrences(of: "_", with: "")
        if digits.hasPrefix("-"), Double(digits) != nil {
            return .failure(UnitError("'\(text)' is negative; amounts are 0 or more"))
        }
        // Decimal(string:) stops at the first character it cannot use ("1-2" -> 1), so check the whole text.
        let pieces = digits.split(separator: ".", omittingEmptySubsequences: false)
        let wellFormed = (1...2).contains(pieces.count) && pieces.allSatisfy { piece in
            !piece.isEmpty && piece.allSatisfy { $0.isASCII && $0.isNumber }
        }
        guard wellFormed, let amount = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")) else {
            return .failure(UnitError("'\(parts[0])' is not an amount; write digits such as `250000` or `250_000`"))
        }
        return .success(Money(amount, currency))
    }

    /// A whole number, `_` allowed between digits.
    public static func integer(_ text: String) -> Result<Int, UnitError> {
        let digits = text.replacingOccurrences(of: "_", with: "")
        guard let value = Int(digits) else {
            return .failure(UnitError("'\(text)' is not a whole number"))
        }
        return .success(value)
    }

    /// `host:port` with a port from 1 to 65535.
    public static func address(_ text: String) -> Result<NetworkAddress, UnitError> {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
            return .failure(UnitError("'\(text)' is not an address; write it as `host:port`, like `127.0.0.1:8080`"))
        }
        let host = String(text[..<colon])
        guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            return .failure(UnitError("the port in '\(text)' must be a number from 1 to 65535"))
        }
        return .success(NetworkAddress(host: host, port: port))
    }

    /// `09:30` or `16:00`: a local time of day on the 24-hour clock, as minutes after midnight (0 to 1439).
    public static func timeOfDay(_ text: String) -> Result<Int, UnitError> {
        let characters = Array(text)
        let digits = [0, 1, 3, 4].compactMap { characters.count == 5 ? characters[$0].wholeNumberValue : nil }
        guard characters.count == 5, characters[2] == ":", digits.count == 4,
            [0, 1, 3, 4].allSatisfy({ characters[$0].isASCII })
        else {
            return .failure(UnitError(
                "'\(text)' is not a time of day; write it as HH:MM on the 24-hour clock, like `09:30` or `16:00`"))
        }
        let hour = digits[0] * 10 + digits[1]
        let minute = digits[2] * 10 + digits[3]
        guard hour < 24, minute < 60 else {
            return .failure(UnitError(
                "'\(text)' is not a time of day; hours go from 00 to 23 and minutes from 00 to 59"))
        }
        return .success(hour * 60 + minute)
    }

    /// `5% of 1m volume`: a share of the volume traded over a window.
    public static func sliceThreshold(_ text: String) -> Result<SliceThreshold, UnitError> {
        let words = text.split(separator: " ").map(String.init)
        guard words.count == 4, words[1] == "of", words[3] == "volume" else {
            return .failure(UnitError("'\(text)' is not a slice threshold; write it like `5% of 1m volume`"))
        }
        return ratio(words[0]).flatMap { share in
            duration(words[2]).flatMap { window in
                guard window > .zero else { return .failure(UnitError("the volume window must be longer than 0")) }
                return .success(SliceThreshold(share: share, window: window))
            }
        }
    }

    static func decimalNumber(_ text: String) -> Double? {
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        guard !cleaned.isEmpty,
            cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e") }),
            let value = Double(cleaned), value.isFinite
        else { return nil }
        return value
    }
}

/// Why a scalar did not parse as the unit it needs to be.
public struct UnitError: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// `host:port`.
public struct NetworkAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { "\(host):\(port)" }
}

/// Orders above `share` of the volume traded in `window` are sliced.
public struct SliceThreshold: Sendable, Hashable, CustomStringConvertible {
    public var share: Ratio
    public var window: Duration
    public var description: String { "\(share) of \(window.configText) volume" }
}

extension Duration {
    /// `30s`, `5m`, `250ms`: the config file spelling.
    public var configText: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000)]
        where milliseconds >= size && milliseconds % size == 0 {
            return "\(milliseconds / size)\(unit)"
        }
        return "\(milliseconds)ms"
    }
}
