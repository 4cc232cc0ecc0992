import Foundation
import RunnerCore
import RunnerRisk
import Testing

/// The daily-loss halt lasts until the exchange's next trading day: midnight in its time zone, not in UTC.
@Suite struct DailyLossSessionTests {
    static let newYork = TradingSession(
        timeZone: TimeZone(identifier: "America/New_York")!, openMinute: 9 * 60 + 30, closeMinute: 16 * 60)!
    /// 2026-01-05T20:30:00Z: 15:30 in New York (EST, UTC-5).
    static let lateMonday: Int64 = 1_767_645_000_000
    static let hour: Int64 = 3_600_000

    @Test func aHaltLastsUntilMidnightInTheSessionsTimeZoneNotUTC() throws {
        let time = ManualTimeSource(milliseconds: Self.lateMonday)
        let gate = try gate(limits(dailyLossHalt: 0.03), time: time, session: Self.newYork)
        _ = gate.evaluate(target("AAPL", 10), portfolio: portfolio(equity: 900_000))
        #expect(gate.state.mode == .halted)
        #expect(gate.state.tradingDay == Self.newYork.tradingDay(of: Self.lateMonday))
        time.set(Self.lateMonday + 8 * Self.hour)  // 04:30 UTC on Tuesday, still 23:30 on Monday in New York
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio()).denial?.code == .dailyLossHalt)
        time.set(Self.lateMonday + 9 * Self.hour)  // 00:30 on Tuesday in New York
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio()).isApproved)
        #expect(gate.state.mode == .active)
    }

    @Test func aResumeHoldsForTheRestOfTheSessionsDay() throws {
        let time = ManualTimeSource(milliseconds: Self.lateMonday)
        let gate = try gate(limits(dailyLossHalt: 0.03), time: time, session: Self.newYork)
        _ = gate.evaluate(target("AAPL", 10), portfolio: portfolio(equity: 900_000))
        try gate.resume()
        time.set(Self.lateMonday + 8 * Self.hour)  // past midnight UTC, still Monday in New York
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio(equity: 900_000)).isApproved)
        time.set(Self.lateMonday + 9 * Self.hour)  // Tuesday in New York: the rule applies again
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio(equity: 900_000)).denial?.code == .dailyLossHalt)
    }

    /// A state file from before sessions: the same keys, its `tradingDay` a UTC day.
    @Test func aStateFileWrittenWithUTCDaysIsReadAndItsDayRecomputed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("risk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("trading-state.json").path
        // Halted at 22:00 New York time on Monday 5 January 2026, which is already Tuesday in UTC.
        let since = Self.lateMonday + 6 * Self.hour + 30 * 60_000
        let utcDay = since / 86_400_000
        let old = #"{"mode":"halted","reason":"daily_loss","since":\#(since),"tradingDay":\#(utcDay)}"#
        try Data(old.utf8).write(to: URL(fileURLWithPath: path))
        let store = FileTradingStateStore(path: path)
        #expect(try store.load() == TradingState(mode: .halted, reason: .dailyLoss, since: since, tradingDay: utcDay))

        // 09:30 on Tuesday in New York: under the session the halt was Monday's, so it lifts.
        let time = ManualTimeSource(milliseconds: Self.lateMonday + 18 * Self.hour)
        let gate = try gate(limits(dailyLossHalt: 0.03), time: time, session: Self.newYork, store: store)
        #expect(gate.state.tradingDay == utcDay - 1)
        #expect(gate.state.mode == .halted)
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio()).isApproved)
        #expect(gate.state.mode == .active)
    }

    @Test func theGateKeepsItsSession() throws {
        #expect(try gate(limits(), session: Self.newYork).tradingSession == Self.newYork)
    }
}
