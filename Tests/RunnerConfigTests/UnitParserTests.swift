import RunnerConfig
import RunnerCore
import Testing

@Suite struct UnitParserTests {
    @Test(arguments: [("1%", 0.01), ("0.01", 0.01), ("0.5 %", 0.005), ("150%", 1.5), ("0", 0.0), ("0.05%", 0.0005)])
    func ratiosParse(_ text: String, _ expected: Double) throws {
        let value = try UnitParser.ratio(text).get()
        #expect(abs(value.value - expected) < 1e-12)
    }

    @Test(arguments: ["1", "3", "-1%", "-0.5", "abc", "%", "1%%", "", "1e400%"])
    func ambiguousNegativeOrMalformedRatiosAreRefused(_ text: String) {
        #expect(throws: UnitError.self) { try UnitParser.ratio(text).get() }
    }

    @Test(arguments: [("2bps", 0.0002), ("2 bps", 0.0002), ("0.02%", 0.0002), ("0.0002", 0.0002)])
    func basisPointsParse(_ text: String, _ expected: Double) throws {
        #expect(abs(try UnitParser.basisPoints(text).get().value - expected) < 1e-12)
    }

    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)), ("30s", .seconds(30)), ("5m", .seconds(300)), ("1h", .seconds(3600)),
        ("1d", .seconds(86_400)), ("1.5s", .milliseconds(1500)), ("0s", .zero),
    ])
    func durationsParse(_ text: String, _ expected: Duration) throws {
        #expect(try UnitParser.duration(text).get() == expected)
    }

    @Test func durationMessagesSayWhatToWrite() {
        #expect(UnitParser.duration("-5s") == .failure(UnitError("'-5s' is a negative duration; durations are 0 or more")))
        #expect(UnitParser.duration("30") == .failure(UnitError("'30' has no unit; write it like `30s`, `5m` or `250ms`")))
        #expect(UnitParser.duration("soon") == .failure(UnitError("'soon' is not a duration; write it like `30s`, `5m`, `250ms` or `1h`")))
    }

    @Test(arguments: [Duration.milliseconds(250), .seconds(30), .seconds(300), .seconds(3600), .seconds(86_400), .milliseconds(1500)])
    func durationsPrintAsTheyAreWritten(_ duration: Duration) throws {
        #expect(try UnitParser.duration(duration.configText).get() == duration)
    }

    @Test(arguments: [("00:00", 0), ("09:30", 570), ("16:00", 960), ("23:59", 1_439)])
    func timesOfDayParseToMinutesAfterMidnight(_ text: String, _ minutes: Int) throws {
        #expect(try UnitParser.timeOfDay(text).get() == minutes)
        #expect(TradingSession.clockText(minutes) == text)
    }

    @Test(arguments: ["9:30", "24:00", "12:60", "0930", "09:30:00", "09.30", " 09:30", "9am", "", "٠٩:٣٠", "-1:30"])
    func timesOfDayOtherThanHHMMOnThe24HourClockAreRefused(_ text: String) {
        #expect(throws: UnitError.self) { try UnitParser.timeOfDay(text).get() }
    }

    @Test func moneyKeepsEveryCent() throws {
        let money = try UnitParser.money("1_000_000.01 USD").get()
        #expect(money.currency == "USD")
        #expect(money.description == "1000000.01 USD")
    }

    @Test(arguments: ["1000000", "1000000 usd", "-5 USD", "1,000 USD", "USD 100", "12 EURO"])
    func malformedMoneyIsRefused(_ text: String) {
        #expect(throws: UnitError.self) { try UnitParser.money(text).get() }
    }

    @Test func sliceThresholdsNeedAShareAndAWindow() throws {
        let threshold = try UnitParser.sliceThreshold("5% of 1m volume").get()
        #expect(threshold.share == .percent(5))
        #expect(threshold.window == .seconds(60))
        #expect(threshold.description == "5% of 1m volume")
        #expect(throws: UnitError.self) { try UnitParser.sliceThreshold("5% of 0s volume").get() }
        #expect(throws: UnitError.self) { try UnitParser.sliceThreshold("5% volume").get() }
    }

    @Test func addressesNeedAPortInRange() throws {
        #expect(try UnitParser.address("127.0.0.1:8080").get() == NetworkAddress(host: "127.0.0.1", port: 8080))
        #expect(try UnitParser.address("[::1]:123").get().host == "[::1]")
        #expect(throws: UnitError.self) { try UnitParser.address("localhost").get() }
        #expect(throws: UnitError.self) { try UnitParser.address("localhost:70000").get() }
    }
}
