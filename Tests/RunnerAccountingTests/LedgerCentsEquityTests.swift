import Foundation
import RunnerBroker
import RunnerCore
import Testing

@testable import RunnerAccounting

/// Equity is summed in integer cents when everything fits: it must be the `Decimal` the `Decimal` sum gives,
/// down to its representation (its `Double` and its text depend on it), for any fills and marks.
@Suite struct LedgerCentsEquityTests {
    /// The value's storage, byte for byte: the representation its `Double` and its text come from.
    static func parts(_ value: Decimal) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }

    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func centsEquityIsTheDecimalEquity(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var book = ledger(startingWith: ["100000", "250000.37", "0.01", "9999999.99", "1000000"][Int(seed) % 5])
        let fills = FillFactory()
        let symbols: [Symbol] = ["AAPL", "MSFT", "S1", "S2"]
        for step in 0..<400 {
            let symbol = symbols[Int.random(in: 0..<symbols.count, using: &random)]
            // Prices in cents, sub-penny prices and marks with more digits, as market data gives them.
            let cents = Double(Int.random(in: 1...2_000_000, using: &random))
            let price = [cents / 100, cents / 10_000, cents / 1_000, (cents / 100).rounded()][step % 4]
            if Bool.random(using: &random) {
                let quantity = Int64.random(in: 1...5_000, using: &random)
                let fee = Double(Int.random(in: 0...500, using: &random)) / 100
                book.book(Bool.random(using: &random)
                    ? fills.buy(quantity, at: price, fee: fee, symbol: symbol)
                    : fills.sell(quantity, at: price, fee: fee, symbol: symbol))
            } else {
                book.mark(symbol, price: price)
            }
            let fast = book.equity.amount
            let slow = book.decimalEquityAmount
            #expect(fast == slow)
            #expect(Self.parts(fast) == Self.parts(slow), "\(fast) against \(slow)")
            #expect(NSDecimalNumber(decimal: fast).doubleValue == NSDecimalNumber(decimal: slow).doubleValue)
            #expect("\(fast)" == "\(slow)")
        }
    }

    @Test func amountsBeyondSixtyFourBitsAreSummedInDecimal() {
        // Cash just under Int64's limit in cents; a gain takes equity past it.
        var book = ledger(startingWith: "92233720368547758")
        let fills = FillFactory()
        book.book(fills.buy(1, at: 1))
        book.mark("AAPL", price: 3)
        #expect(book.equity.amount == book.decimalEquityAmount)
        #expect(book.equity.amount == decimal("92233720368547760"))
    }

    @Test func centsRoundHalfAwayFromZero() {
        #expect(decimal("0.005").cents(times: 1) == 1)
        #expect(decimal("-0.005").cents(times: 1) == -1)
        #expect(decimal("0.005").cents(times: -1) == -1)
        #expect(decimal("0.0049").cents(times: 1) == 0)
        #expect(decimal("56.255").cents(times: 3) == 16_877)  // 168.765 -> 168.77
        #expect(decimal("12.5").wholeCents == 1_250)
        #expect(decimal("12.345").wholeCents == nil)
        #expect(Decimal(compactCents: 1_250).map { "\($0)" } == "12.5")
        #expect(Decimal(compactCents: 0) == nil)
    }
}
