import Foundation
import RunnerAccounting
import RunnerBroker
import RunnerCore
import Testing

@Suite("Marking to market: equity, exposure and rounding")
struct LedgerValuationTests {
    @Test func aNewLedgerHoldsOnlyItsStartingCash() {
        let book = ledger(startingWith: "250000")
        #expect(book.cash == usd("250000"))
        #expect(book.equity == usd("250000"))
        #expect(book.startOfDayEquity == usd("250000"))
        #expect(book.realizedPnL == usd("0"))
        #expect(book.unrealizedPnL == usd("0"))
        #expect(book.fees == usd("0"))
        #expect(book.grossExposure == usd("0"))
        #expect(book.positions.isEmpty)
        #expect(book.tradingDay == nil)
        #expect(book.currency == "USD")
    }

    @Test func marksRevalueOpenPositionsWithoutMovingCash() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        book.book(fills.buy(10, at: 100.00))
        // Never marked: valued at the fill price.
        #expect(book.position(of: "AAPL").valuationPrice == decimal("100"))
        #expect(book.unrealizedPnL == usd("0"))
        #expect(book.equity == usd("10000.00"))

        #expect(book.mark("AAPL", price: 103.37) == true)
        #expect(book.position(of: "AAPL").markPrice == decimal("103.37"))
        #expect(book.cash == usd("9000.00"))
        #expect(book.unrealizedPnL == usd("33.70"))
        #expect(book.equity == usd("10033.70"))

        // A later fill does not replace a mark.
        book.book(fills.buy(10, at: 104.00))
        #expect(book.position(of: "AAPL").valuationPrice == decimal("103.37"))
        #expect(book.position(of: "AAPL").lastFillPrice == decimal("104"))
        // 20 × 103.37 − (1,000 + 1,040) = 27.40.
        #expect(book.unrealizedPnL == usd("27.40"))
        #expect(book.equity.amount == book.equityFromPnL)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e300])
    func anUnusableMarkIsIgnored(price: Double) {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        book.book(fills.buy(10, at: 100.00))
        book.mark("AAPL", price: 101.00)
        let before = book
        #expect(book.mark("AAPL", price: price) == false)
        #expect(book == before)
    }

    @Test func markingASymbolWithoutAPositionChangesNoFigure() {
        var book = ledger(startingWith: "10000")
        book.mark("TSLA", price: 250.00)
        #expect(book.equity == usd("10000"))
        #expect(book.positions.isEmpty)
        #expect(book.position(of: "TSLA").markPrice == decimal("250"))
    }

    @Test func exposureAddsLongsAndShortsByMarketValue() throws {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        book.book(fills.buy(10, at: 100.00, symbol: "AAPL"))
        book.book(fills.sell(5, at: 200.00, symbol: "MSFT"))
        book.mark("AAPL", price: 110.00)
        book.mark("MSFT", price: 190.00)

        #expect(book.notional(of: "AAPL") == usd("1100.00"))
        #expect(book.notional(of: "MSFT") == usd("-950.00"))
        #expect(book.notional(of: "TSLA") == usd("0"))
        #expect(book.longExposure == usd("1100.00"))
        #expect(book.shortExposure == usd("950.00"))
        #expect(book.grossExposure == usd("2050.00"))
        #expect(book.netExposure == usd("150.00"))
        // Cash 10,000 − 1,000 + 1,000; unrealized 100 + 50.
        #expect(book.unrealizedPnL == usd("150.00"))
        #expect(book.equity == usd("10150.00"))
        let leverage = try #require(book.grossLeverage)
        #expect(abs(leverage.value - 2050.0 / 10150.0) < 1e-12)
        #expect(book.positions.map(\.symbol) == ["AAPL", "MSFT"])
    }

    @Test func leverageIsUnknownWithoutPositiveEquity() {
        let fills = FillFactory()
        var book = ledger(startingWith: "100")
        book.book(fills.buy(10, at: 100.00))
        book.mark("AAPL", price: 5.00)
        // Cash −900, market value 50: equity −850.
        #expect(book.equity == usd("-850.00"))
        #expect(book.grossLeverage == nil)
    }

    @Test func pricesAreReadAsTheDecimalTheyPrintAs() {
        let fills = FillFactory()
        var book = ledger(startingWith: "1000")
        // 0.1 and 100.1 have no exact binary form; the ledger books them as 0.1 and 100.1.
        book.book(fills.buy(3, at: 0.1))
        book.book(fills.buy(1, at: 100.1))
        #expect(book.cash == usd("899.60"))
        #expect(book.position(of: "AAPL").lastFillPrice == decimal("100.1"))
    }

    @Test func cashMovementsRoundToCentsHalfAwayFromZero() {
        let fills = FillFactory()
        var book = ledger(startingWith: "1000")
        // 3 × 0.3333 = 0.9999 rounds to 1.00; the fee 0.005 rounds to 0.01.
        book.book(fills.buy(3, at: 0.3333, fee: 0.005))
        #expect(book.cash == usd("998.99"))
        #expect(book.fees == usd("0.01"))
        // 1 × 0.005 = 0.005 rounds away from zero to 0.01, on a buy and on a sell alike.
        book.book(fills.sell(1, at: 0.005, symbol: "PENNY"))
        #expect(book.cash == usd("999.00"))
        book.book(fills.buy(1, at: 0.005, symbol: "PENNY"))
        #expect(book.cash == usd("998.99"))
        // A banker's 0.025 would round to 0.02; half away from zero gives 0.03.
        book.book(fills.sell(1, at: 0.025, symbol: "DIME"))
        #expect(book.cash == usd("999.02"))
        #expect(book.equity.amount == book.equityFromPnL)
    }

    @Test func marketValueIsRoundedPerPosition() {
        let fills = FillFactory()
        var book = ledger(startingWith: "1000")
        book.book(fills.buy(3, at: 1.00))
        book.mark("AAPL", price: 1.0015)
        // 3 × 1.0015 = 3.0045, valued at 3.00.
        #expect(book.position(of: "AAPL").marketValue == usd("3.00"))
        #expect(book.unrealizedPnL == usd("0.00"))
        book.mark("AAPL", price: 1.0017)
        // 3.0051 → 3.01.
        #expect(book.unrealizedPnL == usd("0.01"))
    }

    @Test func startingCashIsRoundedToCents() {
        let book = Ledger(startingCash: Money(Decimal(string: "1000.005")!, "EUR"), session: .utcDay)
        #expect(book.startingCash == Money(Decimal(string: "1000.01")!, "EUR"))
        #expect(book.equity.currency == "EUR")
    }
}
