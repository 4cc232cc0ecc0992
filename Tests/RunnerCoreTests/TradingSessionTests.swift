import Foundation
import RunnerCore
import Testing

/// Milliseconds since the epoch of `text`, a UTC time written `2024-03-08T14:30` or `2024-03-08T14:30:59`.
func utc(_ text: String) -> Int64 {
    let full = text.count == 16 ? text + ":00Z" : text + "Z"
    guard let date = ISO8601DateFormatter().date(from: full) else { preconditionFailure("bad test time \(text)") }
    return Int64((date.timeIntervalSince1970 * 1000).rounded())
}

/// Days since 1970-01-01 of the date `2024-03-08`.
func day(_ text: String) -> Int64 { utc(text + "T00:00") / 86_400_000 }

func session(_ zone: String, _ open: Int, _ close: Int) throws -> TradingSession {
    let timeZone = try #require(TimeZone(identifier: zone))
    return try #require(TradingSession(timeZone: timeZone, openMinute: open, closeMinute: close))
}

@Suite struct TradingSessionTests {
    static let newYork = try! session("America/New_York", 9 * 60 + 30, 16 * 60)

    @Test func newYorkOpensAt1430UTCInWinterAnd1330UTCInSummer() {
        let session = Self.newYork
        // The Friday before the March change, and the Monday after it.
        #expect(session.openTime(ofDay: day("2024-03-08")) == utc("2024-03-08T14:30"))
        #expect(session.closeTime(ofDay: day("2024-03-08")) == utc("2024-03-08T21:00"))
        #expect(session.openTime(ofDay: day("2024-03-11")) == utc("2024-03-11T13:30"))
        #expect(session.closeTime(ofDay: day("2024-03-11")) == utc("2024-03-11T20:00"))
        // The Friday before the November change, and the Monday after it.
        #expect(session.openTime(ofDay: day("2024-11-01")) == utc("2024-11-01T13:30"))
        #expect(session.openTime(ofDay: day("2024-11-04")) == utc("2024-11-04T14:30"))
        #expect(session.closeTime(ofDay: day("2024-11-04")) == utc("2024-11-04T21:00"))
    }

    @Test func theDaysOfTheClockChangesThemselvesUseTheNewTime() {
        #expect(Self.newYork.openTime(ofDay: day("2024-03-10")) == utc("2024-03-10T13:30"))
        #expect(Self.newYork.openTime(ofDay: day("2024-11-03")) == utc("2024-11-03T14:30"))
    }

    @Test func aBarAt2330NewYorkTimeBelongsToThatNewYorkDate() {
        // 23:30 EST on 8 March is 04:30 UTC on 9 March; 23:30 EDT on 1 July is 03:30 UTC on 2 July.
        #expect(Self.newYork.tradingDay(of: utc("2024-03-09T04:30")) == day("2024-03-08"))
        #expect(Self.newYork.tradingDay(of: utc("2024-07-02T03:30")) == day("2024-07-01"))
    }

    @Test func theDayChangesAtMidnightNewYorkTime() {
        let midnight = utc("2024-03-08T05:00")  // 00:00 EST
        #expect(Self.newYork.tradingDay(of: midnight) == day("2024-03-08"))
        #expect(Self.newYork.tradingDay(of: midnight - 1) == day("2024-03-07"))
        let summerMidnight = utc("2024-07-02T04:00")  // 00:00 EDT
        #expect(Self.newYork.tradingDay(of: summerMidnight) == day("2024-07-02"))
        #expect(Self.newYork.tradingDay(of: summerMidnight - 1) == day("2024-07-01"))
    }

    @Test func minutesIntoTheSessionCountFromTheOpenAndStopAtTheClose() {
        let session = Self.newYork
        let open = utc("2024-03-11T13:30")
        #expect(session.minutesIntoSession(at: open) == 0)
        #expect(session.minutesIntoSession(at: open + 59_999) == 0)
        #expect(session.minutesIntoSession(at: utc("2024-03-11T13:31")) == 1)
        #expect(session.minutesIntoSession(at: utc("2024-03-11T19:59")) == 389)
        #expect(session.minutesIntoSession(at: utc("2024-03-11T20:00")) == nil)
        #expect(session.minutesIntoSession(at: open - 1) == nil)
        #expect(session.isOpen(at: open))
        #expect(session.isOpen(at: utc("2024-03-11T20:00")) == false)
        // 14:30 UTC is 10:30 in summer and 09:30 in winter.
        #expect(session.minutesIntoSession(at: utc("2024-11-04T14:30")) == 0)
        #expect(session.minutesIntoSession(at: utc("2024-11-01T14:30")) == 60)
    }

    @Test func tokyoHasNoDaylightSavingAndItsDayStartsAt1500UTC() throws {
        let tokyo = try session("Asia/Tokyo", 9 * 60, 15 * 60 + 30)
        for date in ["2024-03-08", "2024-07-01", "2024-12-02"] {
            let open = tokyo.openTime(ofDay: day(date))
            #expect(open == utc(date + "T00:00"))
            #expect(tokyo.closeTime(ofDay: day(date)) == open + 390 * 60_000)
        }
        #expect(tokyo.tradingDay(of: utc("2024-03-07T15:00")) == day("2024-03-08"))
        #expect(tokyo.tradingDay(of: utc("2024-03-07T15:00") - 1) == day("2024-03-07"))
        #expect(tokyo.minutesIntoSession(at: utc("2024-03-08T03:00")) == 180)
        #expect(tokyo.description == "09:00-15:30 Asia/Tokyo")
    }

    @Test func aSessionFromMidnightTo2359UTCIsTheUTCDay() throws {
        let allDay = try session("UTC", 0, 23 * 60 + 59)
        #expect(allDay.tradingDay(of: utc("2024-03-08T00:00")) == day("2024-03-08"))
        #expect(allDay.tradingDay(of: utc("2024-03-08T00:00") - 1) == day("2024-03-07"))
        #expect(allDay.tradingDay(of: 0) == 0)
        #expect(allDay.tradingDay(of: -1) == -1)
        #expect(allDay.openTime(ofDay: day("2024-03-08")) == utc("2024-03-08T00:00"))
        #expect(allDay.closeTime(ofDay: day("2024-03-08")) == utc("2024-03-08T23:59"))
        #expect(allDay.minutesIntoSession(at: utc("2024-03-08T12:00")) == 720)
        #expect(allDay.isOpen(at: utc("2024-03-08T23:58:59")))
        #expect(allDay.isOpen(at: utc("2024-03-08T23:59")) == false)
        #expect(TradingSession.utcDay.tradingDay(of: utc("2024-03-09T04:30")) == day("2024-03-09"))
        #expect(TradingSession.utcDay.openMinute == 0 && TradingSession.utcDay.closeMinute == 1_439)
    }

    @Test func aTimeTheClocksSkipIsReadAfterTheJumpAndARepeatedOneAtItsFirstOccurrence() throws {
        // 02:30 does not exist in New York on 10 March 2024: read as 02:30 EST, which is 03:30 EDT.
        let skipped = try session("America/New_York", 2 * 60 + 30, 4 * 60)
        #expect(skipped.openTime(ofDay: day("2024-03-10")) == utc("2024-03-10T07:30"))
        // 01:30 happens twice on 3 November 2024: first at 01:30 EDT, 05:30 UTC.
        let repeated = try session("America/New_York", 60 + 30, 4 * 60)
        #expect(repeated.openTime(ofDay: day("2024-11-03")) == utc("2024-11-03T05:30"))
        // The session spans the repeated hour: 01:30 EDT to 04:00 EST is three and a half hours.
        #expect(repeated.minutesIntoSession(at: utc("2024-11-03T08:59")) == 209)
        #expect(repeated.minutesIntoSession(at: utc("2024-11-03T09:00")) == nil)
    }

    @Test(arguments: [(570, 570), (960, 570), (-1, 570), (570, 1_440), (0, 0)])
    func aSessionThatDoesNotOpenBeforeItClosesOnOneDateIsRefused(_ open: Int, _ close: Int) throws {
        let timeZone = try #require(TimeZone(identifier: "America/New_York"))
        #expect(TradingSession(timeZone: timeZone, openMinute: open, closeMinute: close) == nil)
    }

    @Test func sessionsAreEqualByZoneAndHours() throws {
        #expect(try session("America/New_York", 570, 960) == Self.newYork)
        #expect(try session("America/New_York", 570, 961) != Self.newYork)
        #expect(try session("America/Chicago", 570, 960) != Self.newYork)
        #expect(Set([Self.newYork, try session("America/New_York", 570, 960)]).count == 1)
        #expect(Self.newYork.description == "09:30-16:00 America/New_York")
    }

    /// The transition table agrees with Foundation, zone by zone, at seeded random instants from 1905 to
    /// 2195 and either side of each clock change from 2010 to 2023, for the trading day and for the open.
    @Test(arguments: [
        "America/New_York", "Europe/London", "Australia/Sydney", "Europe/Moscow", "America/Sao_Paulo",
        "Asia/Kolkata", "Pacific/Chatham", "Asia/Tokyo", "UTC",
    ])
    func theOffsetTableAgreesWithFoundation(_ zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let session = try #require(TradingSession(timeZone: timeZone, openMinute: 9 * 60 + 30, closeMinute: 16 * 60))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var state: UInt64 = 0x5EED_0F_DA7E
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        let first = utc("1905-01-01T00:00")
        let span = UInt64(utc("2195-01-01T00:00") - first)
        var instants = (0..<2_000).map { _ in first + Int64(next() % span) }
        var date = Date(timeIntervalSince1970: Double(utc("2010-01-01T00:00")) / 1000)
        while let transition = timeZone.nextDaylightSavingTimeTransition(after: date),
            transition.timeIntervalSince1970 < 1.7e9
        {
            let instant = Int64((transition.timeIntervalSince1970 * 1000).rounded())
            instants += [instant - 1, instant, instant + 1]
            date = transition
        }
        for instant in instants {
            let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant) / 1000))) * 1000
            let expectedDay = Int64((Double(instant + offset) / 86_400_000).rounded(.down))
            let actualDay = session.tradingDay(of: instant)
            #expect(actualDay == expectedDay, "\(zone) at \(instant)")
            let midnight = Date(timeIntervalSince1970: Double(expectedDay) * 86_400)
            var parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.gmt, from: midnight)
            parts = DateComponents(year: parts.year, month: parts.month, day: parts.day, hour: 9, minute: 30)
            let open = try #require(calendar.date(from: parts))
            let expectedOpen = Int64((open.timeIntervalSince1970 * 1000).rounded())
            #expect(session.openTime(ofDay: actualDay) == expectedOpen, "\(zone) on day \(actualDay)")
        }
    }
}
