import RunnerCore

/// Timestamps as market data files write them: ``TimestampFormat/automatic`` (epoch seconds
/// `1767623400` or milliseconds `1767623400000`, or ISO-8601 `2026-01-05T14:30:00Z`,
/// `2026-01-05 14:30:00.250+01:00`, `2026-01-05`), an epoch form only, or a pattern (`%m/%d/%Y %H:%M`).
enum TimestampParser {
    /// What a timestamp's text says: the clock reading it writes (milliseconds since 1970-01-01T00:00 on
    /// those clocks) and the offset from UTC written with it, if any (epoch times are UTC).
    struct Reading: Equatable {
        var local: Int64
        var offset: Int64?

        /// Whether the reading is a midnight (a date alone).
        var isMidnight: Bool { local % 86_400_000 == 0 }
    }

    /// Instants from 1900-01-01 (included) to 2200-01-01 (excluded), in milliseconds since the epoch: what a
    /// market data timestamp may be. Arithmetic on any of them cannot overflow.
    static let instants: Range<Int64> = -2_208_988_800_000..<7_258_118_400_000

    /// An automatic-format timestamp, in UTC when written without an offset: milliseconds since the epoch.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let reading = read(bytes, format: .automatic) else { return nil }
        return reading.local - (reading.offset ?? 0)
    }

    /// What `bytes` say in `format`, or nil when they are not such a timestamp.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, format: TimestampFormat) -> Reading? {
        guard !bytes.isEmpty else { return nil }
        switch format {
        case .automatic:
            if bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                // 9 or 10 digits: epoch seconds (from 1973); 11 to 13: milliseconds. Fewer is more likely a date
                // without dashes (`20260106`) than a time in 1970, so it is refused.
                guard bytes.count >= 9, bytes.count <= 13, let value = integer(bytes) else { return nil }
                return Reading(local: bytes.count <= 10 ? value * 1000 : value, offset: 0)
            }
            return readISO8601(bytes)
        case .epochSeconds:
            guard bytes.count <= 11, let value = integer(bytes) else { return nil }
            return Reading(local: value * 1000, offset: 0)
        case .epochMilliseconds:
            guard bytes.count <= 14, let value = integer(bytes) else { return nil }
            return Reading(local: value, offset: 0)
        case .pattern(_, let parts):
            return readPattern(bytes, parts: parts)
        }
    }

    /// Digits only, at most 18 (so the value fits).
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int64(byte - 48)
        }
        return value
    }

    private static func readISO8601(_ bytes: UnsafeBufferPointer<UInt8>) -> Reading? {
        var cursor = TimestampCursor(bytes: bytes)
        guard let year = cursor.digits(4), cursor.skip(45), let month = cursor.digits(2), cursor.skip(45),
            let day = cursor.digits(2), let date = milliseconds(year: year, month: month, day: day)
        else { return nil }
        if cursor.atEnd { return Reading(local: date, offset: nil) }
        guard cursor.skip(UInt8(ascii: "T")) || cursor.skip(UInt8(ascii: " ")) else { return nil }
        guard let hour = cursor.digits(2), cursor.skip(58), let minute = cursor.digits(2), hour < 24, minute < 60
        else { return nil }
        var second = 0
        if cursor.skip(58) {
            guard let value = cursor.digits(2), value < 61 else { return nil }
            second = value
        }
        var local = date + Int64(hour * 3_600_000 + minute * 60_000 + second * 1000)
        if cursor.skip(46) {
            guard let fraction = cursor.fractionMilliseconds() else { return nil }
            local += fraction
        }
        if cursor.atEnd { return Reading(local: local, offset: nil) }
        guard let offset = cursor.offset(), cursor.atEnd else { return nil }
        return Reading(local: local, offset: offset)
    }

    private static func readPattern(_ bytes: UnsafeBufferPointer<UInt8>, parts: [TimestampFormat.Part]) -> Reading? {
        var cursor = TimestampCursor(bytes: bytes)
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var fraction: Int64 = 0
        var offset: Int64?
        var afternoon: Bool?
        for (index, part) in parts.enumerated() {
            switch part {
            case .literal(let byte):
                guard cursor.skip(byte) else { return nil }
            case .directive(let directive):
                // Fixed width when another directive follows at once (`%Y%m%d`); otherwise up to the width.
                var fixed = false
                if index + 1 < parts.count, case .directive = parts[index + 1] { fixed = true }
                switch directive {
                case .fraction:
                    guard let value = cursor.fractionMilliseconds() else { return nil }
                    fraction = value
                case .meridiem:
                    guard let value = cursor.meridiem() else { return nil }
                    afternoon = value
                case .offset:
                    guard let value = cursor.offset() else { return nil }
                    offset = value
                default:
                    let width = directive.width
                    let digits = fixed || directive == .year ? cursor.digits(width) : cursor.digits(upTo: width)
                    guard let value = digits else { return nil }
                    switch directive {
                    case .year: year = value
                    case .month: month = value
                    case .day: day = value
                    case .hour, .hour12: hour = value
                    case .minute: minute = value
                    default: second = value
                    }
                }
            }
        }
        guard cursor.atEnd, let date = milliseconds(year: year, month: month, day: day) else { return nil }
        if let afternoon {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (afternoon ? 12 : 0)
        }
        guard hour < 24, minute < 60, second < 61 else { return nil }
        let local = date + Int64(hour * 3_600_000 + minute * 60_000 + second * 1000) + fraction
        return Reading(local: local, offset: offset)
    }

    /// Midnight of a date (milliseconds since the epoch), or nil when there is no such date.
    static func milliseconds(year: Int, month: Int, day: Int) -> Int64? {
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        return Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400_000
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
