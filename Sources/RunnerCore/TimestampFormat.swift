/// How a market data file writes its timestamps (`market_data.timestamp_format`).
///
/// - `auto`: ISO-8601 (`2026-01-05T14:30:00Z`, `2026-01-05 14:30`, `2026-01-05`) or epoch seconds (9 or 10
///   digits) or milliseconds (11 to 13 digits).
/// - `epoch_seconds`, `epoch_milliseconds`: only that.
/// - a pattern such as `%m/%d/%Y %H:%M` (see ``Directive``): every other character must match itself.
public enum TimestampFormat: Sendable, Hashable, CustomStringConvertible {
    case automatic
    case epochSeconds
    case epochMilliseconds
    case pattern(text: String, parts: [Part])

    /// One piece of a pattern: a directive, or a byte the text must hold as written.
    public enum Part: Sendable, Hashable {
        case directive(Directive)
        case literal(UInt8)
    }

    /// Directives of a pattern. Numbers may be written with fewer digits than their width (`1/5/2026`)
    /// unless another directive follows at once (`%Y%m%d` reads 4, 2 and 2 digits).
    public enum Directive: Character, Sendable, Hashable, CaseIterable {
        /// Year, 4 digits.
        case year = "Y"
        /// Month, 1 to 12.
        case month = "m"
        /// Day of the month, 1 to 31.
        case day = "d"
        /// Hour on the 24-hour clock, 0 to 23.
        case hour = "H"
        /// Hour on the 12-hour clock, 1 to 12 (with `%p`).
        case hour12 = "I"
        /// Minute, 0 to 59.
        case minute = "M"
        /// Second, 0 to 60.
        case second = "S"
        /// Fraction of a second, 1 to 9 digits (kept to milliseconds).
        case fraction = "f"
        /// `AM` or `PM`, in any case.
        case meridiem = "p"
        /// An offset from UTC: `Z`, `+01:00`, `-0500`.
        case offset = "z"

        /// The most digits the directive reads.
        public var width: Int {
            switch self {
            case .year: 4
            case .fraction: 9
            case .meridiem, .offset: 0
            default: 2
            }
        }
    }

    public var description: String {
        switch self {
        case .automatic: "auto"
        case .epochSeconds: "epoch_seconds"
        case .epochMilliseconds: "epoch_milliseconds"
        case .pattern(let text, _): text
        }
    }

    /// Whether timestamps in this format may be written without an offset, so a time zone applies to them.
    public var mayLackOffset: Bool {
        switch self {
        case .automatic: true
        case .epochSeconds, .epochMilliseconds: false
        case .pattern(_, let parts): !parts.contains(.directive(.offset))
        }
    }

    /// Whether the format can write a time of day.
    public var hasTimeOfDay: Bool {
        switch self {
        case .automatic, .epochSeconds, .epochMilliseconds: true
        case .pattern(_, let parts): parts.contains(.directive(.hour)) || parts.contains(.directive(.hour12))
        }
    }

    /// `auto`, `epoch_seconds`, `epoch_milliseconds` or a pattern; why not when the text is none of them.
    public static func parse(_ text: String) -> Result<TimestampFormat, LayoutError> {
        switch text {
        case "auto": return .success(.automatic)
        case "epoch_seconds": return .success(.epochSeconds)
        case "epoch_milliseconds": return .success(.epochMilliseconds)
        default: break
        }
        var parts: [Part] = []
        var seen: Set<Directive> = []
        var characters = text.makeIterator()
        while let character = characters.next() {
            guard character == "%" else {
                guard character.isASCII, let byte = character.asciiValue, byte >= 32, byte != 127 else {
                    return .failure(LayoutError("a timestamp pattern holds printable ASCII only, not '\(character)'"))
                }
                parts.append(.literal(byte))
                continue
            }
            guard let letter = characters.next() else {
                return .failure(LayoutError("'\(text)' ends with a lone '%'"))
            }
            if letter == "%" {
                parts.append(.literal(UInt8(ascii: "%")))
                continue
            }
            guard let directive = Directive(rawValue: letter) else {
                let known = Directive.allCases.map { "%\($0.rawValue)" }.joined(separator: " ")
                return .failure(LayoutError("'%\(letter)' is not a timestamp directive; use \(known)"))
            }
            guard seen.insert(directive).inserted else {
                return .failure(LayoutError("'%\(letter)' appears twice in '\(text)'"))
            }
            parts.append(.directive(directive))
        }
        for required in [Directive.year, .month, .day] where !seen.contains(required) {
            return .failure(LayoutError("'\(text)' has no %\(required.rawValue); a pattern needs %Y, %m and %d"))
        }
        if seen.contains(.hour), seen.contains(.hour12) {
            return .failure(LayoutError("'\(text)' has both %H and %I"))
        }
        if seen.contains(.hour12) != seen.contains(.meridiem) {
            return .failure(LayoutError("'\(text)': %I (12-hour clock) and %p (AM/PM) go together"))
        }
        let hasHour = seen.contains(.hour) || seen.contains(.hour12)
        if (seen.contains(.minute) || seen.contains(.second) || seen.contains(.fraction)) && !hasHour {
            return .failure(LayoutError("'\(text)' has minutes or seconds but no hour (%H or %I)"))
        }
        return .success(.pattern(text: text, parts: parts))
    }
}
