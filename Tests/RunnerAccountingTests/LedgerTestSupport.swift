import Foundation
import RunnerAccounting
import RunnerBroker
import RunnerCore

/// An amount in US dollars, from its decimal text, so expected values are exact.
func usd(_ text: String) -> Money {
    Money(Decimal(string: text)!, "USD")
}

/// A ledger starting with `cash` US dollars, whose trading days are `session`'s (UTC days unless told).
func ledger(startingWith cash: String = "100000", session: TradingSession = .utcDay) -> Ledger {
    Ledger(startingCash: usd(cash), session: session)
}

/// The exact decimal for expected prices.
func decimal(_ text: String) -> Decimal {
    Decimal(string: text)!
}

/// The decimal a `Double` literal is written with (`0.3333` is exactly 0.3333, not its binary neighbour, which
/// a `Decimal` float literal would give).
func exact(_ value: Double) -> Decimal {
    Decimal(shortestRepresentationOf: value)!
}

/// Execution ids that are unique within one test run.
final class FillFactory {
    private var counter = 0
    let symbol: Symbol

    init(symbol: Symbol = "AAPL") { self.symbol = symbol }

    func buy(_ quantity: Int64, at price: Double, fee: Double = 0, symbol: Symbol? = nil) -> Fill {
        make(.buy, quantity, price, fee, symbol)
    }

    func sell(_ quantity: Int64, at price: Double, fee: Double = 0, symbol: Symbol? = nil) -> Fill {
        make(.sell, quantity, price, fee, symbol)
    }

    /// Price and fee literals are read as the digits they are written with (`150.25` is exactly 150.25).
    private func make(_ side: OrderSide, _ quantity: Int64, _ price: Double, _ fee: Double, _ symbol: Symbol?) -> Fill {
        counter += 1
        return Fill(
            executionID: "exec-\(counter)", clientOrderID: "order-\(counter)", symbol: symbol ?? self.symbol,
            side: side, quantity: quantity, price: exact(price), fee: exact(fee),
            timestamp: 1_709_649_000_000 + Int64(counter))
    }
}

/// A tiny seeded generator (SplitMix64), so the property tests replay the same fills every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

extension Ledger {
    /// `startingCash + realizedPnL + unrealizedPnL - fees`: what the equity must equal.
    var equityFromPnL: Decimal {
        startingCash.amount + realizedPnL.amount + unrealizedPnL.amount - fees.amount
    }
}
