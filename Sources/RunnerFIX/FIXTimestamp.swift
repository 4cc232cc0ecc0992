/// FIX UTCTimestamp (`20261201-14:30:05.123`) and LocalMktDate (`20261201`) from and to milliseconds since
/// the epoch, by calendar arithmetic (no Foundation formatter, no locale).
public enum FIXTimestamp {
    /// `yyyyMMdd-HH:mm:ss.SSS` in UTC.
    public static func format(milliseconds: Int64) -> String {
        let (days, millisecondOfDay) = milliseconds.floorDivided(by: 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let seconds = millisecondOfDay / 1000
        return "\(date(year, month, day))-\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))."
            + String(String(millisecondOfDay % 1000 + 1000).dropFirst())
    }

    /// `yyyyMMdd` in UTC.
    public static func formatDate(milliseconds: Int64) -> String {
        let (year, month, day) = civil(fromDays: milliseconds.floorDivided(by: 86_400_000).quotient)
        return date(year, month, day)
    }

    /// Milliseconds for `yyyyMMdd-HH:mm:ss` with an optional fraction (kept to milliseconds); nil when
    /// the text is anything else.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 17, bytes[8] == UInt8(ascii: "-"), bytes[11] == UInt8(ascii: ":"),
            bytes[14] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                guard bytes[index] >= 48, bytes[index] <= 57 else { return nil }
                value = value * 10 + Int64(bytes[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(12..<14), let second = number(15..<17),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        var milliseconds: Int64 = 0
        if bytes.count > 17 {
            guard bytes[17] == UInt8(ascii: "."), bytes.count > 18, bytes.count <= 27,
                let fraction = number(18..<min(bytes.count, 21)), number(18..<bytes.count) != nil
            else { return nil }
            milliseconds = fraction * [100, 10, 1][min(bytes.count, 21) - 19]
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + milliseconds
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func date(_ year: Int64, _ month: Int64, _ day: Int64) -> String {
        String(String(year + 10000).dropFirst()) + two(month) + two(day)
    }

    /// Howard Hinnant's `civil_from_days`.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Howard Hinnant's `days_from_civil`.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, with a non-negative remainder.
    func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var quotient = self / divisor
        var remainder = self % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }
}
