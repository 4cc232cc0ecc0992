import RunnerCore

/// A trading day, the unit of start-of-day equity and the daily-loss check: the exchange's local calendar date
/// (see ``TradingSession``), so a day starts at midnight in the exchange's time zone.
public struct TradingDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole days since 1970-01-01 (which is day 0).
    public var daysSinceEpoch: Int64

    /// The day numbered `daysSinceEpoch` (1970-01-01 is 0).
    public init(daysSinceEpoch: Int64) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The trading day of `session` that contains `timestamp`, given in milliseconds since the epoch.
    public init(containing timestamp: Int64, in session: TradingSession) {
        daysSinceEpoch = session.tradingDay(of: timestamp)
    }

    /// The date in ISO 8601 form, `2024-03-05`.
    public var description: String {
        let (year, month, day) = Self.civilDate(daysSinceEpoch: daysSinceEpoch)
        let yearText = year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
        return "\(yearText)-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: TradingDay, rhs: TradingDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// Year, month and day of the proleptic Gregorian calendar, without Foundation's calendars (Howard Hinnant's
    /// `civil_from_days`).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

private func pad(_ number: Int64, _ width: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
