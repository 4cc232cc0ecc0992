import Foundation

/// An exchange's regular session: its time zone, and the local times it opens and closes. The trading day of
/// a timestamp is the exchange's local calendar date, so days change at midnight in the exchange's zone
/// (not at midnight UTC), and daylight saving time moves the UTC times of the open and the close.
///
/// Fast enough to call on every bar: the zone's UTC offsets are looked up in a table of its transitions
/// built once, when the session is made (years 1900 to 2200; outside them Foundation is asked each time).
/// No `Calendar` is built per call.
///
/// Local times the clocks skip or repeat: a time of day inside a spring-forward gap (02:30 in New York on
/// the second Sunday of March) is the instant the clocks read it as if they had not jumped yet, which is
/// after the jump (03:30 new time); a time of day that occurs twice (01:30 on the first Sunday of November)
/// is its first occurrence.
public struct TradingSession: Sendable, Hashable, CustomStringConvertible {
    /// Minutes in a day.
    public static let minutesPerDay = 1_440
    /// Milliseconds in a day.
    static let millisecondsPerDay: Int64 = 86_400_000

    /// The exchange's time zone.
    public let timeZone: TimeZone
    /// When the session opens, in minutes after local midnight (570 for 09:30).
    public let openMinute: Int
    /// When the session closes, in minutes after local midnight (960 for 16:00); after ``openMinute``.
    public let closeMinute: Int
    /// The zone's UTC offsets, looked up per call.
    private let offsets: UTCOffsetTable

    /// A session of `timeZone` from `openMinute` to `closeMinute` (minutes after local midnight), or nil
    /// unless `0 <= openMinute < closeMinute < 1440`: a session opens and closes on one local date (no
    /// overnight sessions).
    public init?(timeZone: TimeZone, openMinute: Int, closeMinute: Int) {
        guard openMinute >= 0, openMinute < closeMinute, closeMinute < Self.minutesPerDay else { return nil }
        self.timeZone = timeZone
        self.openMinute = openMinute
        self.closeMinute = closeMinute
        offsets = UTCOffsetTable(timeZone)
    }

    /// The UTC calendar day, open from 00:00 to 23:59: what the trading day was before sessions, for tests and
    /// tools that have no environment file.
    public static let utcDay: TradingSession = {
        guard let session = TradingSession(timeZone: .gmt, openMinute: 0, closeMinute: minutesPerDay - 1) else {
            preconditionFailure("00:00-23:59 is a valid session")
        }
        return session
    }()

    /// The trading day that contains `timestamp` (milliseconds since the epoch): the exchange's local
    /// calendar date, as days since 1970-01-01 (which is day 0).
    public func tradingDay(of timestamp: Int64) -> Int64 {
        floorDivide(saturatingAdd(timestamp, offsets.offset(at: timestamp)), Self.millisecondsPerDay)
    }

    /// When the session of trading day `day` (days since 1970-01-01) opens, in milliseconds since the epoch.
    public func openTime(ofDay day: Int64) -> Int64 { instant(day: day, minute: openMinute) }

    /// When the session of trading day `day` (days since 1970-01-01) closes, in milliseconds since the epoch.
    public func closeTime(ofDay day: Int64) -> Int64 { instant(day: day, minute: closeMinute) }

    /// Whether the session is open at `timestamp`: from the open (included) to the close (excluded).
    public func isOpen(at timestamp: Int64) -> Bool { minutesIntoSession(at: timestamp) != nil }

    /// Whole minutes since the open of the session that is open at `timestamp`, 0 in its first minute; nil
    /// outside the session. Elapsed time, so a session that spans a clock change has its real length.
    public func minutesIntoSession(at timestamp: Int64) -> Int? {
        let day = tradingDay(of: timestamp)
        let open = openTime(ofDay: day)
        guard timestamp >= open, timestamp < closeTime(ofDay: day) else { return nil }
        return Int((timestamp - open) / 60_000)
    }

    /// `09:30-16:00 America/New_York`.
    public var description: String {
        "\(Self.clockText(openMinute))-\(Self.clockText(closeMinute)) \(timeZone.identifier)"
    }

    /// `09:30` for 570 minutes after midnight.
    public static func clockText(_ minutes: Int) -> String {
        let hour = minutes / 60
        let minute = minutes % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    public static func == (lhs: TradingSession, rhs: TradingSession) -> Bool {
        lhs.timeZone.identifier == rhs.timeZone.identifier && lhs.openMinute == rhs.openMinute
            && lhs.closeMinute == rhs.closeMinute
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(timeZone.identifier)
        hasher.combine(openMinute)
        hasher.combine(closeMinute)
    }

    /// The instant local clocks read `minute` after the midnight that starts `day` (see the type's notes on
    /// skipped and repeated times).
    private func instant(day: Int64, minute: Int) -> Int64 {
        let (midnight, overflow) = day.multipliedReportingOverflow(by: Self.millisecondsPerDay)
        let local = overflow ? (day < 0 ? Int64.min : Int64.max) : saturatingAdd(midnight, Int64(minute) * 60_000)
        // The offset in force is one of those a day either side of the local reading (zones move by less).
        let before = offsets.offset(at: saturatingAdd(local, -Self.millisecondsPerDay))
        let after = offsets.offset(at: saturatingAdd(local, Self.millisecondsPerDay))
        let early = saturatingAdd(local, -max(before, after))
        let late = saturatingAdd(local, -min(before, after))
        if offsets.offset(at: early) == max(before, after) { return early }
        if offsets.offset(at: late) == min(before, after) { return late }
        // In a gap the clocks skipped: read with the offset before the jump, which lands after it.
        return saturatingAdd(local, -before)
    }
}

/// `value / divisor` rounded down, so times before the epoch fall on their own day.
private func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
    return remainder < 0 ? quotient - 1 : quotient
}

/// `lhs + rhs`, held at the ends of `Int64` rather than trapping: an offset added to a timestamp near the
/// ends of the range is meaningless either way, and a bar's timestamp must never crash the run.
func saturatingAdd(_ lhs: Int64, _ rhs: Int64) -> Int64 {
    let (sum, overflow) = lhs.addingReportingOverflow(rhs)
    guard overflow else { return sum }
    return rhs < 0 ? Int64.min : Int64.max
}
