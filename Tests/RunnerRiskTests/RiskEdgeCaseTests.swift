import Foundation
import RunnerCore
import RunnerRisk
import Testing

/// Missing data, clock trouble, failed saves and sessions: the gate fails closed for new risk and
/// still lets positions be cut.
@Suite struct RiskEdgeCaseTests {
    final class FailingStore: TradingStateStore {
        var failing = false
        func load() throws -> TradingState? { nil }
        func save(_ state: TradingState) throws {
            if failing { throw CocoaError(.fileWriteNoPermission) }
        }
    }

    @Test func anUnsavedHaltStillStopsNewRisk() throws {
        let store = FailingStore()
        let gate = try gate(limits(), store: store)
        store.failing = true
        #expect(throws: (any Error).self) { try gate.halt(.killSwitch) }
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio()).denial?.code == .tradingHalted)
        #expect(throws: (any Error).self) { try gate.resume() }
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio()).denial?.description
            == "TRADING_HALTED symbol=AAPL reason=state_not_saved")
        store.failing = false
        try gate.resume()
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio()).isApproved)
    }

    @Test func missingPricesDenyNewRiskButNotReductions() throws {
        let gate = try gate(limits())
        var book = portfolio(["XOM": .init(quantity: 1000)])
        book.lastPrices["XOM"] = nil
        #expect(gate.evaluate(target("AAPL", 10), portfolio: book).denial?.description == "MISSING_DATA symbol=AAPL no_price=XOM")
        try gate.halt(.killSwitch)
        #expect(gate.evaluate(target("XOM", 500), portfolio: book).isApproved)
        #expect(gate.evaluate(target("XOM", 0), portfolio: portfolio(["XOM": .init(quantity: 1000)], equity: 0)).isApproved)
    }

    @Test func aBadStartOfDayEquityIsMissingDataNotANoHalt() throws {
        let gate = try gate(limits())
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio(equity: 500_000, startOfDay: 0)).denial?.code
            == .missingData)
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio(startOfDay: .nan)).denial?.code == .missingData)
    }

    @Test func aPriceThatIsNotAFiniteNumberIsOutOfBand() throws {
        let gate = try gate(limits(priceBand: 0.1))
        #expect(gate.evaluate(target("AAPL", 10, price: .infinity), portfolio: portfolio()).denial?.code == .priceOutOfBand)
        #expect(gate.evaluate(target("AAPL", 10, price: .nan), portfolio: portfolio()).denial?.code == .priceOutOfBand)
        #expect(gate.evaluate(target("NVDA", 10, price: 500), portfolio: portfolio()).denial?.code == .missingData)
    }

    @Test func anExplicitResumeHoldsForTheRestOfTheDay() throws {
        let gate = try gate(limits(dailyLossHalt: 0.03))
        let losing = portfolio(equity: 900_000)
        #expect(gate.evaluate(target("AAPL", 10), portfolio: losing).denial?.code == .dailyLossHalt)
        try gate.resume()
        #expect(gate.evaluate(target("AAPL", 10), portfolio: losing).isApproved)
    }

    @Test func theDailyLossRuleHaltsEvenWhenAnEarlierCheckDenies() throws {
        let gate = try gate(limits(positionRisk: 0.01, dailyLossHalt: 0.03))
        let decision = gate.evaluate(target("AAPL", 1500, stop: 10), portfolio: portfolio(equity: 900_000))
        #expect(decision.denial?.code == .positionRiskExceeded)
        #expect(gate.state.mode == .halted)
    }

    @Test func exactlyThreePercentInCentsDoesNotHalt() throws {
        let gate = try gate(limits(dailyLossHalt: 0.03))
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio(equity: 970_000.97, startOfDay: 1_000_001)).isApproved)
        #expect(gate.state.mode == .active)
    }

    @Test func aSessionSeesItsOwnApprovalsAsTheCurrentPosition() throws {
        let gate = try gate(limits(maxOrderNotional: 250_000))
        let decisions = gate.evaluate([target("AAPL", 2500), target("AAPL", -2500)], portfolio: portfolio())
        // The second order would be 5,000 shares x 100 = 500,000.
        #expect(decisions.map { $0.denial?.code } == [nil, .orderNotionalExceeded])
    }

    @Test func aClockThatStepsBackDoesNotFreezeTheRateLimit() throws {
        let time = ManualTimeSource(milliseconds: 1_767_623_400_000 + 3_600_000)
        let gate = try gate(limits(maxOrdersPerMinute: 2), time: time)
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio()).isApproved)
        #expect(gate.evaluate(target("MSFT", 10), portfolio: portfolio()).isApproved)
        time.set(1_767_623_400_000)  // corrected back an hour: the bucket refills from here, not from +1h
        #expect(gate.evaluate(target("JPM", 10), portfolio: portfolio()).denial?.code == .orderRateExceeded)
        time.advance(by: 30_000)
        #expect(gate.evaluate(target("JPM", 10), portfolio: portfolio()).isApproved)
    }

    @Test func workingOrdersCannotDisguiseAFlipAsAReduction() throws {
        let gate = try gate(limits())
        try gate.halt(.killSwitch)
        var book = portfolio(["AAPL": .init(quantity: -1000)])
        book.workingOrders = ["AAPL": 3000]
        #expect(gate.evaluate(target("AAPL", 1500), portfolio: book).denial?.code == .tradingHalted)
        #expect(gate.evaluate(target("AAPL", -500), portfolio: portfolio(["AAPL": .init(quantity: -1000)])).isApproved)
    }
}
