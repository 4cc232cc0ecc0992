import Foundation
import RunnerCore

/// The ledger's derived figures: totals, equity, exposure and the day's result. Each is a sum of whole cents,
/// so the invariants in ``Ledger`` hold exactly.
extension Ledger {
    /// Cash on hand: starting cash, less what buys cost, plus what sells brought in, less fees.
    public var cash: Money { Money(cashAmount, currency) }

    /// Realized PnL of all symbols, before fees.
    public var realizedPnL: Money { money(allEntries.reduce(0) { $0 + $1.realizedAmount }) }

    /// Unrealized PnL of the open positions: Σ quantity × (valuation price − average cost), each position to
    /// the cent.
    public var unrealizedPnL: Money {
        money(allEntries.reduce(0) { $0 + $1.marketValueAmount - $1.basisAmount })
    }

    /// Fees paid on all fills.
    public var fees: Money { money(allEntries.reduce(0) { $0 + $1.feeAmount }) }

    /// Cash plus the market value of every position (negative for shorts).
    public var equity: Money { money(equityAmount) }

    /// Summed in integer cents when every amount fits in 64 bits (the decision ticks value the book each
    /// time), else in `Decimal`; the two give the same `Decimal`, down to its representation.
    var equityAmount: Decimal {
        if let cents = equityCents, let amount = Decimal(compactCents: cents) { return amount }
        return decimalEquityAmount
    }

    /// Equity summed in `Decimal`, as the ledger always did (and does when cents would overflow).
    var decimalEquityAmount: Decimal { cashAmount + netExposureAmount }

    /// Cash plus each position's market value, rounded to cents, in cents; nil when something does not fit.
    private var equityCents: Int64? {
        guard var total = cashAmount.wholeCents else { return nil }
        for position in allEntries where position.quantity != 0 {
            guard let price = position.valuationPrice else { continue }
            guard let value = price.cents(times: position.quantity) else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }

    /// Σ |market value|: what the book holds long plus what it holds short.
    public var grossExposure: Money { money(allEntries.reduce(0) { $0 + abs($1.marketValueAmount) }) }

    /// Σ market value: long minus short.
    public var netExposure: Money { money(netExposureAmount) }

    /// Market value of the long positions.
    public var longExposure: Money { money(allEntries.reduce(0) { $0 + max(0, $1.marketValueAmount) }) }

    /// Market value of the short positions, as a positive amount.
    public var shortExposure: Money { money(allEntries.reduce(0) { $0 - min(0, $1.marketValueAmount) }) }

    /// Signed market value of the position in `symbol`: quantity × valuation price, to the cent.
    public func notional(of symbol: Symbol) -> Money { position(of: symbol).marketValue }

    /// Gross exposure over equity (1.5 means 150%); nil when equity is zero or negative.
    public var grossLeverage: Ratio? {
        let equityAmount = cashAmount + netExposureAmount
        guard equityAmount > 0 else { return nil }
        return Ratio(grossExposure.amount.doubleValue / equityAmount.doubleValue)
    }

    /// Equity change since the day started: negative for a loss.
    public var dayPnL: Money { money(equity.amount - startOfDayEquity.amount) }

    /// Loss since the day started, as a fraction of start-of-day equity (0.03 is 3%); zero when equity rose or
    /// start-of-day equity is not positive. The figure the daily-loss limit is checked against.
    public var dayDrawdown: Ratio {
        let start = startOfDayEquity.amount
        let loss = start - equity.amount
        guard start > 0, loss > 0 else { return Ratio(0) }
        return Ratio(loss.doubleValue / start.doubleValue)
    }

    private var netExposureAmount: Decimal { allEntries.reduce(0) { $0 + $1.marketValueAmount } }

    private func money(_ amount: Decimal) -> Money { Money(amount, currency) }
}
