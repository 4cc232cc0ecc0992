import Foundation
import RunnerAccounting
import RunnerBroker
import RunnerCore
import Testing

@Suite("Booking fills: cash, average cost and realized PnL")
struct LedgerBookingTests {
    @Test func aRoundTripWithFeesRealizesThePriceDifferenceAndChargesBothFees() {
        let fills = FillFactory()
        var book = ledger(startingWith: "100000")

        #expect(book.book(fills.buy(100, at: 150.25, fee: 1.00)) == true)
        // 100 × 150.25 = 15,025.00 out, and the 1.00 fee.
        #expect(book.cash == usd("84974.00"))
        #expect(book.position(of: "AAPL").quantity == 100)
        #expect(book.position(of: "AAPL").averageCost == decimal("150.25"))
        #expect(book.position(of: "AAPL").costBasis == usd("15025.00"))

        #expect(book.book(fills.sell(100, at: 152.75, fee: 1.25)) == true)
        // 100 × 152.75 = 15,275.00 in, less 1.25.
        #expect(book.cash == usd("100247.75"))
        #expect(book.realizedPnL == usd("250.00"))
        #expect(book.fees == usd("2.25"))
        #expect(book.unrealizedPnL == usd("0"))
        #expect(book.equity == usd("100247.75"))
        #expect(book.equity.amount == book.equityFromPnL)

        let position = book.position(of: "AAPL")
        #expect(position.side == .flat)
        #expect(position.averageCost == nil)
        #expect(position.costBasis == usd("0"))
        #expect(position.realizedPnL == usd("250.00"))
        #expect(position.fees == usd("2.25"))
        #expect(book.positions.isEmpty)
    }

    @Test func partialClosesRealizeAgainstTheAverageCostAndKeepIt() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        book.book(fills.buy(100, at: 10.00))

        book.book(fills.sell(30, at: 12.00))
        // 30 × (12 − 10) = 60; 70 shares left at 10.
        #expect(book.realizedPnL == usd("60.00"))
        #expect(book.position(of: "AAPL").quantity == 70)
        #expect(book.position(of: "AAPL").averageCost == decimal("10"))
        #expect(book.position(of: "AAPL").costBasis == usd("700.00"))

        book.book(fills.sell(70, at: 9.00))
        // 70 × (9 − 10) = −70; 60 − 70 = −10.
        #expect(book.realizedPnL == usd("-10.00"))
        #expect(book.position(of: "AAPL").side == .flat)
        #expect(book.cash == usd("9990.00"))
        #expect(book.equity.amount == book.equityFromPnL)
    }

    @Test func aPartialCloseReleasesTheBasisRoundedToCentsAndTheFullCloseReleasesTheRest() {
        let fills = FillFactory()
        var book = ledger(startingWith: "1000")
        book.book(fills.buy(1, at: 10.00))
        book.book(fills.buy(2, at: 10.01))
        // Basis 10.00 + 20.02 = 30.02 for 3 shares: average 10.00666…
        #expect(book.position(of: "AAPL").costBasis == usd("30.02"))

        book.book(fills.sell(1, at: 11.00))
        // One third of 30.02 is 10.00666…, released as 10.01: 11.00 − 10.01 = 0.99.
        #expect(book.realizedPnL == usd("0.99"))
        #expect(book.position(of: "AAPL").costBasis == usd("20.01"))

        book.book(fills.sell(2, at: 11.00))
        // 22.00 − 20.01 = 1.99; in all 33.00 in against 30.02 out.
        #expect(book.realizedPnL == usd("2.98"))
        #expect(book.position(of: "AAPL").costBasis == usd("0"))
        #expect(book.cash == usd("1002.98"))
    }

    @Test func addingToAPositionWeightsTheAverageCost() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        book.book(fills.buy(100, at: 10.00))
        book.book(fills.buy(50, at: 13.00))
        // (1,000 + 650) / 150 = 11.
        #expect(book.position(of: "AAPL").averageCost == decimal("11"))
        #expect(book.position(of: "AAPL").costBasis == usd("1650.00"))
        #expect(book.realizedPnL == usd("0"))

        book.mark("AAPL", price: 12.00)
        // 150 × (12 − 11) = 150.
        #expect(book.unrealizedPnL == usd("150.00"))
        #expect(book.equity == usd("10150.00"))
        #expect(book.equity.amount == book.equityFromPnL)
    }

    @Test func aFlipThroughZeroClosesTheLongAndOpensTheShortAtTheFillPrice() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        book.book(fills.buy(100, at: 10.00))
        book.book(fills.sell(150, at: 12.00, fee: 1.50))

        // The 100 closing shares realize 100 × (12 − 10) = 200; the other 50 open short at 12.
        let position = book.position(of: "AAPL")
        #expect(book.realizedPnL == usd("200.00"))
        #expect(position.quantity == -50)
        #expect(position.side == .short)
        #expect(position.averageCost == decimal("12"))
        #expect(position.costBasis == usd("-600.00"))
        // 10,000 − 1,000 + 1,800 − 1.50.
        #expect(book.cash == usd("10798.50"))

        book.mark("AAPL", price: 11.00)
        // −50 × (11 − 12) = 50; equity 10,798.50 − 550 = 10,248.50 = 10,000 + 200 + 50 − 1.50.
        #expect(book.unrealizedPnL == usd("50.00"))
        #expect(book.equity == usd("10248.50"))
        #expect(book.equity.amount == book.equityFromPnL)
    }

    @Test func aFlipFromShortToLongRealizesTheShortsGain() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        book.book(fills.sell(20, at: 50.00))
        book.book(fills.buy(30, at: 45.00))
        // The short of 20 gains 20 × (50 − 45) = 100; 10 open long at 45.
        #expect(book.realizedPnL == usd("100.00"))
        #expect(book.position(of: "AAPL").quantity == 10)
        #expect(book.position(of: "AAPL").averageCost == decimal("45"))
        #expect(book.position(of: "AAPL").costBasis == usd("450.00"))
        #expect(book.equity.amount == book.equityFromPnL)
    }

    @Test func aShortGainsWhenThePriceFallsAndLosesWhenItRises() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        book.book(fills.sell(100, at: 20.00))
        let position = book.position(of: "AAPL")
        #expect(position.quantity == -100)
        #expect(position.side == .short)
        #expect(position.averageCost == decimal("20"))
        #expect(position.costBasis == usd("-2000.00"))
        #expect(book.cash == usd("12000.00"))

        book.mark("AAPL", price: 18.00)
        #expect(book.unrealizedPnL == usd("200.00"))
        #expect(book.equity == usd("10200.00"))

        book.mark("AAPL", price: 22.00)
        #expect(book.unrealizedPnL == usd("-200.00"))
        #expect(book.position(of: "AAPL").marketValue == usd("-2200.00"))
        #expect(book.equity == usd("9800.00"))

        book.book(fills.buy(100, at: 19.00))
        // Covered at 19: 100 × (20 − 19) = 100.
        #expect(book.realizedPnL == usd("100.00"))
        #expect(book.unrealizedPnL == usd("0"))
        #expect(book.equity == usd("10100.00"))
    }

    @Test func aPartialCoverOfAShortRealizesOnTheCoveredShares() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        book.book(fills.sell(100, at: 20.00))
        book.book(fills.buy(40, at: 21.00))
        // 40 × (20 − 21) = −40; 60 still short at 20.
        #expect(book.realizedPnL == usd("-40.00"))
        #expect(book.position(of: "AAPL").quantity == -60)
        #expect(book.position(of: "AAPL").averageCost == decimal("20"))
        #expect(book.position(of: "AAPL").costBasis == usd("-1200.00"))
    }

    @Test func feesAreKeptApartFromRealizedPnLAndARebateAddsCash() {
        let fills = FillFactory()
        var book = ledger(startingWith: "1000")
        book.book(fills.buy(10, at: 10.00, fee: 0.35))
        book.book(fills.sell(10, at: 10.00, fee: -0.10))
        #expect(book.realizedPnL == usd("0"))
        #expect(book.fees == usd("0.25"))
        #expect(book.cash == usd("999.75"))
        #expect(book.equity.amount == book.equityFromPnL)
    }

    @Test func eachSymbolKeepsItsOwnPositionAndTotalsAddUp() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        book.book(fills.buy(10, at: 100.00, fee: 1.00, symbol: "AAPL"))
        book.book(fills.sell(10, at: 105.00, fee: 1.00, symbol: "AAPL"))
        book.book(fills.sell(5, at: 200.00, fee: 0.50, symbol: "MSFT"))
        #expect(book.position(of: "AAPL").realizedPnL == usd("50.00"))
        #expect(book.position(of: "AAPL").fees == usd("2.00"))
        #expect(book.position(of: "MSFT").fees == usd("0.50"))
        #expect(book.realizedPnL == usd("50.00"))
        #expect(book.fees == usd("2.50"))
        #expect(book.positions.map(\.symbol) == ["MSFT"])
        #expect(book.allPositions.map(\.symbol) == ["AAPL", "MSFT"])
        #expect(book.bookedFillCount == 3)
    }
}
