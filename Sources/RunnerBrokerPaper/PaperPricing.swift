import Foundation
import RunnerBroker
import RunnerCore

/// How the paper broker prices a fill and its fee, in exact decimals from the bar to the book.
///
/// - The bar's open, a `Double` read from the market data, is taken as the digits the file wrote (the
///   shortest digits that read back as that `Double`: `56.25`, never its binary neighbour).
/// - Slippage moves it against the order (buys pay `open × (1 + slippage)`, sells get
///   `open × (1 − slippage)`), computed in `Decimal`.
/// - The result is rounded to the price tick, **half away from zero**: 0.01 for prices of 1 and above,
///   0.0001 below 1 (the US equity ticks, Reg NMS rule 612), judged on the slipped price before rounding.
///   Nearest tick keeps the simulated slippage unbiased: rounding every buy up and every sell down would add
///   up to a whole tick per fill on top of the configured slippage (a cent is 10bps on a 10 USD share,
///   against a typical 1-2bps setting); make `slippage` larger to be more conservative.
/// - The cash a fill moves is quantity × price rounded to cents, and its fee is that notional × the fee rate,
///   rounded to cents, both half away from zero as a statement would.
/// - Slippage and fee rates arrive as `Double` fractions (`2bps` is 0.0002): they are read as the digits
///   they print as and kept to 12 decimal places, which drops the binary noise a percent or basis-point
///   division can leave (0.1% may be 0.0010000000000000002) and nothing a venue would charge.
enum PaperPricing {
    /// Decimal places a rate is kept to.
    static let ratePlaces = 12

    /// Decimal places of the price tick for a price: 2 (0.01) from 1 up, 4 (0.0001) below.
    static func tickPlaces(for price: Decimal) -> Int {
        price >= 1 ? 2 : 4
    }

    /// A rate (`slippage`, `feeRate`) as an exact decimal; nil when it is not finite.
    static func rate(_ value: Double) -> Decimal? {
        Decimal(shortestRepresentationOf: value)?.rounded(toPlaces: ratePlaces)
    }

    /// The price of a fill on `side` against a bar that opened at `open`, slipped by `slippage` and rounded
    /// to the tick. Nil when the open is not a finite positive price, the slippage is not finite, or the
    /// slipped price rounds to zero or below: such a bar fills nothing.
    static func fillPrice(open: Double, side: OrderSide, slippage: Double) -> Decimal? {
        guard let open = Decimal(shortestRepresentationOf: open) else { return nil }
        return fillPrice(reference: open, side: side, slippage: slippage)
    }

    /// The price of a fill on `side` against an exact reference price (a market order closing a position at
    /// the last price the venue knows), slipped and rounded as ``fillPrice(open:side:slippage:)`` says.
    static func fillPrice(reference open: Decimal, side: OrderSide, slippage: Double) -> Decimal? {
        guard open > 0, let slippage = rate(slippage) else { return nil }
        let slipped = open * (side == .buy ? 1 + slippage : 1 - slippage)
        guard !slipped.isNaN else { return nil }
        let price = slipped.rounded(toPlaces: tickPlaces(for: slipped))
        return price > 0 ? price : nil
    }

    /// The cash a fill of `quantity` shares at `price` moves before fees, rounded to cents.
    static func notional(_ quantity: Int64, _ price: Decimal) -> Decimal {
        (Decimal(quantity) * price).rounded(toPlaces: 2)
    }

    /// The fee on `notional` at `rate`, rounded to cents; nil when the rate is not finite.
    static func fee(notional: Decimal, rate: Double) -> Decimal? {
        guard let rate = Self.rate(rate) else { return nil }
        return (notional * rate).rounded(toPlaces: 2)
    }
}
