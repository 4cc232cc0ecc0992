import Foundation
import RunnerCore

/// One symbol's position in the ledger: signed quantity, cost basis, realized PnL, fees and the last price.
///
/// The cost basis is what the open shares cost in cash, signed like the quantity (a long of 100 bought at 10
/// has basis 1000.00; a short of 100 sold at 10 has basis -1000.00). It is kept in exact cents: each fill adds
/// its cash amount rounded to cents, and a partial close releases its proportional share of the basis, rounded
/// to cents (a full close releases all of it, so a flat position has basis zero). The average cost is the
/// basis divided by the quantity.
public struct Position: Sendable, Hashable {
    /// The instrument.
    public let symbol: Symbol
    /// The ledger's currency, in which every amount of this position is given.
    public let currency: String
    /// Signed shares: positive long, negative short, zero flat.
    public internal(set) var quantity: Int64 = 0
    /// The last price given to ``Ledger/mark(_:price:)``, as the decimal it prints as.
    public internal(set) var markPrice: Decimal?
    /// The price of the last fill booked for this symbol.
    public internal(set) var lastFillPrice: Decimal?

    /// Signed cost basis in cents (see the type's documentation).
    var basisAmount: Decimal = 0
    /// Realized PnL in cents, before fees.
    var realizedAmount: Decimal = 0
    /// Fees in cents (a rebate is negative).
    var feeAmount: Decimal = 0

    init(symbol: Symbol, currency: String) {
        self.symbol = symbol
        self.currency = currency
    }

    /// Long, short or flat.
    public var side: Side { quantity > 0 ? .long : quantity < 0 ? .short : .flat }

    /// The price the position is valued at: the last mark, or the last fill price when never marked.
    public var valuationPrice: Decimal? { markPrice ?? lastFillPrice }

    /// The weighted average price of the open shares (cost basis over quantity); nil when flat.
    public var averageCost: Decimal? {
        quantity == 0 ? nil : basisAmount / Decimal(quantity)
    }

    /// What the open shares cost, signed like the quantity.
    public var costBasis: Money { Money(basisAmount, currency) }

    /// Realized PnL of this symbol, before fees: earned on the parts of fills that reduced the position.
    public var realizedPnL: Money { Money(realizedAmount, currency) }

    /// Fees paid on this symbol's fills.
    public var fees: Money { Money(feeAmount, currency) }

    /// Quantity times the valuation price, rounded to cents; negative for a short.
    public var marketValue: Money { Money(marketValueAmount, currency) }

    /// Market value less cost basis: quantity times (valuation price minus average cost), to the cent.
    public var unrealizedPnL: Money { Money(marketValueAmount - basisAmount, currency) }

    var marketValueAmount: Decimal {
        guard quantity != 0, let price = valuationPrice else { return 0 }
        return (Decimal(quantity) * price).roundedToCents
    }

    /// Books a fill of `delta` signed shares at `price` with `fee`, and returns how much cash moved (negative
    /// when cash was paid out, fee included).
    ///
    /// The part of the fill that reduces the position realizes PnL against the average cost; the rest opens
    /// (or adds to) a position at the fill price. The cash of the fill is rounded once, and the closing part's
    /// own rounding is taken from it, so the parts add up to the cash that moved.
    mutating func apply(delta: Int64, price: Decimal, fee: Decimal) -> Decimal {
        // Positive when the fill is a buy: the cash it costs.
        let fillCash = (Decimal(delta) * price).roundedToCents
        let reduces = quantity != 0 && (quantity > 0) != (delta > 0)
        let closing = reduces ? min(quantity.magnitude, delta.magnitude) : 0
        if closing > 0 {
            let closingDelta = delta > 0 ? Int64(closing) : -Int64(closing)
            let closingCash = closing == delta.magnitude ? fillCash : (Decimal(closingDelta) * price).roundedToCents
            let released =
                closing == quantity.magnitude
                ? basisAmount : (basisAmount * Decimal(closing) / Decimal(quantity.magnitude)).roundedToCents
            realizedAmount += -closingCash - released
            basisAmount += fillCash - closingCash - released
        } else {
            basisAmount += fillCash
        }
        // A full close released the whole basis, so a flat position is left with exactly zero.
        quantity += delta
        feeAmount += fee
        lastFillPrice = price
        return -fillCash - fee
    }
}
