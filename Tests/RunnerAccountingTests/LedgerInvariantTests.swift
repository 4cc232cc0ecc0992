import Foundation
import RunnerAccounting
import RunnerBroker
import RunnerCore
import Testing

@Suite("Invariants over seeded random fills")
struct LedgerInvariantTests {
    static let symbols: [Symbol] = ["AAPL", "MSFT", "TSLA"]

    /// A price with 2 or 4 decimals between 0.01 and 500, as the broker's `Double`.
    static func randomPrice(using generator: inout SeededGenerator) -> Double {
        if Bool.random(using: &generator) {
            return Double(Int.random(in: 1...50_000, using: &generator)) / 100
        }
        return Double(Int.random(in: 1...5_000_000, using: &generator)) / 10_000
    }

    @Test(arguments: [1, 7, 42, 2024, 0xDEAD_BEEF] as [UInt64])
    func equityEqualsStartingCashPlusPnLLessFeesAfterEveryStep(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var book = ledger(startingWith: "1000000")
        var booked: [Fill] = []
        // Independent of the ledger: cash from the rounded amounts, and shares per symbol.
        var expectedCash = decimal("1000000")
        var expectedQuantity: [Symbol: Int64] = [:]
        var tradeCash = Decimal(0)

        for step in 0..<600 {
            let symbol = Self.symbols.randomElement(using: &generator)!
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<6:
                let side: OrderSide = Bool.random(using: &generator) ? .buy : .sell
                let quantity = Int64.random(in: 1...500, using: &generator)
                let price = Self.randomPrice(using: &generator)
                let fee = Double(Int.random(in: 0...5_000, using: &generator)) / 1_000
                let fill = Fill(
                    executionID: "s\(seed)-\(step)", clientOrderID: "o\(step)", symbol: symbol, side: side,
                    quantity: quantity, price: exact(price), fee: exact(fee), timestamp: Int64(step))
                #expect(book.book(fill) == true)
                booked.append(fill)
                let amount = (Decimal(fill.signedQuantity) * decimal("\(price)")).rounded(scale: 2)
                let feeAmount = decimal("\(fee)").rounded(scale: 2)
                expectedCash += -amount - feeAmount
                tradeCash += -amount
                expectedQuantity[symbol, default: 0] += fill.signedQuantity
            case 6..<8:
                book.mark(symbol, price: Self.randomPrice(using: &generator))
            default:
                guard let again = booked.randomElement(using: &generator) else { continue }
                let before = book
                #expect(book.book(again) == false)
                #expect(book == before)
            }
            check(book, expectedCash: expectedCash, expectedQuantity: expectedQuantity, step: step)
        }

        // Close everything: realized PnL is then the cash the trades made, whatever the averaging.
        for (index, position) in book.positions.enumerated() {
            let price = Self.randomPrice(using: &generator)
            let quantity = position.quantity
            let fill = Fill(
                executionID: "close-\(index)", clientOrderID: "close", symbol: position.symbol,
                side: quantity > 0 ? .sell : .buy, quantity: Int64(quantity.magnitude), price: exact(price),
                fee: 0, timestamp: 10_000)
            #expect(book.book(fill) == true)
            tradeCash += -(Decimal(fill.signedQuantity) * decimal("\(price)")).rounded(scale: 2)
        }
        #expect(book.positions.isEmpty)
        #expect(book.unrealizedPnL.amount == 0)
        #expect(book.realizedPnL.amount == tradeCash)
        #expect(book.equity.amount == book.equityFromPnL)
        #expect(book.equity == book.cash)
    }

    private func check(_ book: Ledger, expectedCash: Decimal, expectedQuantity: [Symbol: Int64], step: Int) {
        #expect(book.equity.amount == book.equityFromPnL, "equity identity broken at step \(step)")
        #expect(book.cash.amount == expectedCash, "cash at step \(step)")
        let basis = book.allPositions.reduce(Decimal(0)) { $0 + $1.costBasis.amount }
        #expect(book.cash.amount == book.startingCash.amount + book.realizedPnL.amount - book.fees.amount - basis)
        for position in book.allPositions {
            #expect(position.quantity == expectedQuantity[position.symbol, default: 0])
            if position.quantity == 0 {
                #expect(position.costBasis.amount == 0)
                #expect(position.averageCost == nil)
            } else {
                // The average cost lies within the prices the generator draws from.
                let average = position.averageCost ?? -1
                #expect(average > 0 && average <= 501, "average cost \(average) at step \(step)")
            }
        }
        for amount in [book.cash, book.equity, book.realizedPnL, book.unrealizedPnL, book.fees].map(\.amount) {
            #expect(amount == amount.rounded(scale: 2), "\(amount) is not a whole number of cents")
        }
    }
}

extension Decimal {
    /// Rounded to `scale` decimals, half away from zero: the test's own statement of the policy.
    func rounded(scale: Int) -> Decimal {
        var input = self
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, .plain)
        return output
    }
}
