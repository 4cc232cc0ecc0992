import Foundation
import RunnerAccounting
import RunnerBroker
import RunnerCore
import Testing

@Suite("Trading days and start-of-day equity")
struct LedgerDayTests {
    /// 2024-03-05T14:30:00Z.
    let marchFifthAfternoon: Int64 = 1_709_649_000_000
    /// 2024-03-06T00:00:00Z.
    let marchSixthMidnight: Int64 = 1_709_683_200_000

    @Test func startingADayRecordsTheEquityAtTheLastMarks() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        book.book(fills.buy(100, at: 10.00))
        book.mark("AAPL", price: 12.00)
        #expect(book.startOfDayEquity == usd("10000"))

        book.startDay(at: marchFifthAfternoon)
        #expect(book.tradingDay?.description == "2024-03-05")
        #expect(book.startOfDayEquity == usd("10200.00"))
        #expect(book.dayPnL == usd("0"))

        book.mark("AAPL", price: 11.00)
        // 10,100 against 10,200: a loss of 100, 100 / 10,200 of the day's start.
        #expect(book.dayPnL == usd("-100.00"))
        #expect(abs(book.dayDrawdown.value - 100.0 / 10_200.0) < 1e-12)
        // Marks and fills do not move the start of the day.
        book.book(fills.sell(100, at: 11.00))
        #expect(book.startOfDayEquity == usd("10200.00"))
    }

    @Test func aGainingDayHasNoDrawdown() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        book.startDay(at: marchFifthAfternoon)
        book.book(fills.buy(100, at: 10.00))
        book.mark("AAPL", price: 10.50)
        #expect(book.dayPnL == usd("50.00"))
        #expect(book.dayDrawdown == Ratio(0))
    }

    @Test func theDayRollsOnlyWhenTheUTCDateAdvances() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        #expect(book.startDayIfNeeded(at: marchFifthAfternoon) == true)
        book.book(fills.buy(10, at: 100.00))
        book.mark("AAPL", price: 90.00)

        // Later the same day, and a clock that went back: nothing changes.
        #expect(book.startDayIfNeeded(at: marchSixthMidnight - 1) == false)
        #expect(book.startDayIfNeeded(at: marchFifthAfternoon - 86_400_000) == false)
        #expect(book.startOfDayEquity == usd("10000"))

        #expect(book.startDayIfNeeded(at: marchSixthMidnight) == true)
        #expect(book.tradingDay == TradingDay(containing: marchSixthMidnight, in: .utcDay))
        #expect(book.tradingDay?.description == "2024-03-06")
        #expect(book.startOfDayEquity == usd("9900.00"))
    }

    @Test func aTradingDayUnderTheUTCSessionIsTheUTCDateOfTheTimestamp() {
        #expect(ledger().tradingDay(of: marchFifthAfternoon).daysSinceEpoch == 19_787)
        #expect(TradingDay(containing: 0, in: .utcDay).description == "1970-01-01")
        #expect(TradingDay(containing: 86_399_999, in: .utcDay).description == "1970-01-01")
        #expect(TradingDay(containing: 86_400_000, in: .utcDay).description == "1970-01-02")
        #expect(TradingDay(containing: -1, in: .utcDay).description == "1969-12-31")
        #expect(TradingDay(containing: 1_709_251_199_999, in: .utcDay).description == "2024-02-29")
        #expect(TradingDay(containing: -2_208_988_800_000, in: .utcDay).description == "1900-01-01")
        #expect(TradingDay(daysSinceEpoch: 1) < TradingDay(daysSinceEpoch: 2))
    }

    @Test func theDayRollsAtMidnightInTheSessionsTimeZone() throws {
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        let newYork = try #require(TradingSession(timeZone: zone, openMinute: 570, closeMinute: 960))
        let fills = FillFactory()
        var book = ledger(startingWith: "10000", session: newYork)
        #expect(book.session == newYork)
        #expect(book.startDayIfNeeded(at: marchFifthAfternoon) == true)
        #expect(book.tradingDay?.description == "2024-03-05")
        book.book(fills.buy(10, at: 100.00))
        book.mark("AAPL", price: 90.00)
        // Midnight UTC is 19:00 in New York: still 5 March there.
        #expect(book.startDayIfNeeded(at: marchSixthMidnight) == false)
        #expect(book.tradingDay(of: marchSixthMidnight).description == "2024-03-05")
        #expect(book.startOfDayEquity == usd("10000"))
        // 05:00 UTC is midnight in New York (EST): 6 March starts at the last marks.
        let newYorkMidnight = marchSixthMidnight + 5 * 3_600_000
        #expect(book.startDayIfNeeded(at: newYorkMidnight - 1) == false)
        #expect(book.startDayIfNeeded(at: newYorkMidnight) == true)
        #expect(book.tradingDay?.description == "2024-03-06")
        #expect(book.startOfDayEquity == usd("9900.00"))
    }
}
