/// Timestamps as market data files write them, to milliseconds since the epoch (UTC):
/// epoch seconds (`1767623400`) or milliseconds (`1767623400000`), or ISO-8601
/// (`2026-01-05T14:30:00Z`, `2026-01-05 14:30:00.250+01:00`, `2026-01-05`; no offset means UTC).
enum TimestampParser {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            // Nine digits or more: epoch seconds since 1973, or milliseconds. Fewer is more likely a
            // date without dashes (`20260106`) than a time in 1970, so it is refused.
            guard bytes.count >= 9, bytes.count <= 18 else { return nil }
            var value: Int64 = 0
            for byte in bytes { value = value * 10 + Int64(byte - 48) }
            // Ten or fewer digits are seconds (until the year 2286); more are milliseconds.
            return bytes.count <= 10 ? value * 1000 : value
        }
        return parseISO8601(bytes)
    }

    /// Reads fixed-width fields left to right. A struct with mutating methods rather than closures over
    /// a local index: captured variables are boxed and checked for exclusivity at run time, per digit.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// `.250` -> 250 milliseconds (digits past the third are dropped); nil without digits.
        mutating func fractionMilliseconds() -> Int64? {
            var scale: Int64 = 100
            var fraction: Int64 = 0
            var sawDigit = false
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Int64(bytes[index] - 48) * scale
                scale /= 10
                index += 1
                sawDigit = true
            }
            return sawDigit ? fraction : nil
        }
    }

    private static func parseISO8601(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var cursor = Cursor(bytes: bytes)
        guard let year = cursor.digits(4), cursor.skip(45), let month = cursor.digits(2), cursor.skip(45),
            let day = cursor.digits(2), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var milliseconds = Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400_000
        if cursor.atEnd { return milliseconds }
        guard cursor.skip(UInt8(ascii: "T")) || cursor.skip(UInt8(ascii: " ")) else { return nil }
        guard let hour = cursor.digits(2), cursor.skip(58), let minute = cursor.digits(2), hour < 24, minute < 60
        else { return nil }
        var second = 0
        if cursor.skip(58) {
            guard let value = cursor.digits(2), value < 61 else { return nil }
            second = value
        }
        milliseconds += Int64(hour * 3_600_000 + minute * 60_000 + second * 1000)
        if cursor.skip(46) {
            guard let fraction = cursor.fractionMilliseconds() else { return nil }
            milliseconds += fraction
        }
        if cursor.atEnd || (cursor.skip(UInt8(ascii: "Z")) && cursor.atEnd) { return milliseconds }
        let sign: Int64
        if cursor.skip(UInt8(ascii: "+")) {
            sign = 1
        } else if cursor.skip(UInt8(ascii: "-")) {
            sign = -1
        } else {
            return nil
        }
        guard let offsetHours = cursor.digits(2) else { return nil }
        _ = cursor.skip(58)
        guard let offsetMinutes = cursor.digits(2), cursor.atEnd, offsetHours <= 14, offsetMinutes < 60 else { return nil }
        return milliseconds - sign * Int64(offsetHours * 3_600_000 + offsetMinutes * 60_000)
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
