import Foundation
import RunnerBroker
import RunnerCore
import Testing

@testable import RunnerBrokerPaper

/// The exact decimal `text` writes.
private func decimal(_ text: String) -> Decimal {
    Decimal(string: text)!
}

/// Fill prices and fees are exact decimals: the open as the CSV wrote it, slippage in `Decimal`, the price
/// rounded to the tick half away from zero, cash and fees to cents.
@Suite struct PaperPricingTests {
    let time = ManualTimeSource(milliseconds: 0)

    private func broker(slippage: Double, fees: Double = 0) -> PaperBroker {
        PaperBroker(settings: PaperBrokerSettings(slippage: slippage, feeRate: fees, startingCash: Money(1_000_000, "USD")),
                    time: time)
    }

    @Test func aSlippedPriceIsTheExactTickNotItsBinaryNeighbour() async throws {
        // In Double, 56.25 x (1 + 0.001) is 56.30624999999999, whose notional for 100 shares rounds to
        // 5630.62; the exact 56.30625 rounds half away from zero to the tick, 56.31.
        #expect(56.25 * (1 + 0.001) == 56.30624999999999)
        let paper = broker(slippage: 0.001, fees: 0.0001)
        _ = try await paper.submit(order("o1", .buy, 100))
        let fills = paper.process(bar(1, open: 56.25))
        #expect(fills.map(\.price) == [decimal("56.31")])
        #expect(fills.map(\.fee) == [decimal("0.56")])  // 5631.00 x 0.01% = 0.5631, to the cent
        let account = try await paper.account()
        #expect(account.cash == Money(decimal("994368.44"), "USD"))  // 1,000,000 - 5,631.00 - 0.56
    }

    @Test(arguments: [
        // open, side, slippage, price: ticks of 0.01 from 1 up, 0.0001 below, half away from zero.
        (56.25, OrderSide.buy, 0.001, "56.31"),  // 56.30625
        (56.25, OrderSide.sell, 0.001, "56.19"),  // 56.19375
        (100, OrderSide.buy, 0.0002, "100.02"),
        (10, OrderSide.buy, 0.0005, "10.01"),  // 10.005: half a cent, away from zero
        (10, OrderSide.sell, 0.0005, "10"),  // 9.995: away from zero too, a sell is not rounded down
        (10, OrderSide.buy, 0.0004, "10"),  // 10.004
        (0.5, OrderSide.buy, 0.0003, "0.5002"),  // 0.50015, sub-penny tick
        (0.5, OrderSide.sell, 0.0003, "0.4999"),  // 0.49985
        (0.99995, OrderSide.buy, 0, "1"),  // below 1: four places, which make 1.0000
        (187.31, OrderSide.sell, 0, "187.31"),  // no slippage: the open as written
    ])
    func fillPricesRoundToTheTickHalfAwayFromZero(open: Double, side: OrderSide, slippage: Double, expected: String) {
        #expect(PaperPricing.fillPrice(open: open, side: side, slippage: slippage) == decimal(expected))
    }

    @Test(arguments: [Double.nan, .infinity, 0, -1])
    func aBarWithoutAUsableOpenFillsNothing(open: Double) async throws {
        #expect(PaperPricing.fillPrice(open: open, side: .buy, slippage: 0) == nil)
        let paper = broker(slippage: 0)
        _ = try await paper.submit(order("o1", .buy, 10))
        #expect(paper.process(bar(1, open: open)).isEmpty)
        #expect(try await paper.openOrders().map(\.order.clientOrderID) == ["o1"])
    }

    @Test func aRateIsReadWithoutTheBinaryNoiseOfItsDivision() async throws {
        // 0.35% is 0.0034999999999999996 as a Double: 10.00 x that is below half a cent over 0.03.
        let rate = Ratio.percent(0.35).value
        #expect(rate == 0.0034999999999999996)
        #expect(PaperPricing.rate(rate) == decimal("0.0035"))
        let paper = broker(slippage: 0, fees: rate)
        _ = try await paper.submit(order("o1", .buy, 1))
        #expect(paper.process(bar(1, open: 10)).map(\.fee) == [decimal("0.04")])  // 0.035, half away from zero
    }
}
