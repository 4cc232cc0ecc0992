import Foundation
import RunnerAccounting
import RunnerBroker
import RunnerCore
import Testing

@Suite("Duplicate and malformed fills change nothing")
struct LedgerDuplicateTests {
    @Test func aFillDeliveredTwiceIsBookedOnce() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        let fill = fills.buy(100, at: 10.00, fee: 1.00)
        #expect(book.book(fill) == true)
        let afterFirst = book

        #expect(book.book(fill) == false)
        #expect(book.record(fill) == .duplicate)
        #expect(book == afterFirst)
        #expect(book.position(of: "AAPL").quantity == 100)
        #expect(book.cash == usd("8999.00"))
        #expect(book.hasBooked(executionID: fill.executionID))
    }

    @Test func executionIDsAreRememberedForTheirDayAndTheNext() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        let day: Int64 = 86_400_000
        book.startDay(at: 0)
        let fill = fills.buy(10, at: 10.00)
        let booked = book.book(fill)
        #expect(booked)
        book.startDay(at: day)
        #expect(book.record(fill) == .duplicate)
        #expect(book.hasBooked(executionID: fill.executionID))
        book.startDay(at: 2 * day)
        // Two days on the ledger forgets it (the journal still keeps each execution id once).
        #expect(!book.hasBooked(executionID: fill.executionID))
        #expect(book.bookedFillCount == 1)
    }

    @Test func aDifferentReportWithABookedExecutionIDIsStillADuplicate() {
        let fills = FillFactory()
        var book = ledger(startingWith: "10000")
        var fill = fills.buy(100, at: 10.00)
        book.book(fill)
        let before = book
        fill.quantity = 50
        fill.price = 11.00
        #expect(book.record(fill) == .duplicate)
        #expect(book == before)
    }

    @Test(arguments: [
        (Int64(0), Decimal(10), Decimal(0)),
        (Int64(-5), Decimal(10), Decimal(0)),
        (Int64(10), Decimal.nan, Decimal(0)),
        (Int64(10), Decimal(10), Decimal.nan),
    ])
    func aMalformedFillIsRejectedAndItsIDIsNotRemembered(quantity: Int64, price: Decimal, fee: Decimal) {
        var book = ledger(startingWith: "10000")
        let bad = Fill(
            executionID: "x-1", clientOrderID: "o-1", symbol: "AAPL", side: .buy, quantity: quantity,
            price: price, fee: fee, timestamp: 0)
        let before = book
        guard case .rejected = book.record(bad) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(book == before)
        #expect(book.hasBooked(executionID: "x-1") == false)

        let corrected = Fill(
            executionID: "x-1", clientOrderID: "o-1", symbol: "AAPL", side: .buy, quantity: 10,
            price: 10, fee: 0, timestamp: 0)
        #expect(book.book(corrected) == true)
    }

    @Test func aFillWithoutAnExecutionIDIsRejected() {
        var book = ledger()
        let fill = Fill(
            executionID: "", clientOrderID: "o-9", symbol: "AAPL", side: .buy, quantity: 1, price: 1,
            fee: 0, timestamp: 0)
        #expect(book.record(fill) == .rejected(.missingExecutionID(clientOrderID: "o-9")))
        #expect(book.book(fill) == false)
        #expect(book.position(of: "AAPL").quantity == 0)
    }

    @Test func aFillThatWouldOverflowThePositionIsRejected() {
        var book = ledger()
        let huge = Fill(
            executionID: "a", clientOrderID: "o", symbol: "AAPL", side: .buy, quantity: .max, price: decimal("0.01"),
            fee: 0, timestamp: 0)
        #expect(book.book(huge) == true)
        let before = book
        let more = Fill(
            executionID: "b", clientOrderID: "o", symbol: "AAPL", side: .buy, quantity: 1, price: decimal("0.01"),
            fee: 0, timestamp: 0)
        #expect(book.record(more) == .rejected(.quantityOverflow(executionID: "b", symbol: "AAPL")))
        #expect(book == before)
    }

    @Test func rejectionsExplainThemselvesWithTheValues() {
        let error = LedgerError.nonPositiveQuantity(executionID: "x-7", quantity: -3)
        #expect(error.description == "fill x-7 has quantity -3, but a fill's quantity must be positive")
    }
}
