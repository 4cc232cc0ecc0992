import RunnerCore
import RunnerRisk
import Testing

/// Within one decision session, a target that reduces or closes a position lowers the gross, sector and
/// correlation figures the later targets of the same tick are checked against.
@Suite struct SessionReductionTests {
    /// AAPL holds 2,500 x 100 = 25% of a 1,000,000 equity; MSFT 1,250 x 200 would be another 25%.
    let book = portfolio(["AAPL": .init(quantity: 2_500)])

    @Test func closingAPositionFreesGrossExposureForTheNextTarget() throws {
        let gate = try gate(limits(grossExposure: 0.3))
        let decisions = gate.evaluate([target("AAPL", 0), target("MSFT", 1_250)], portfolio: book)
        #expect(decisions.map(\.isApproved) == [true, true])
    }

    @Test func openingBeforeTheCloseIsDeniedAtTheGrossLimit() throws {
        let gate = try gate(limits(grossExposure: 0.3))
        let decisions = gate.evaluate([target("MSFT", 1_250), target("AAPL", 0)], portfolio: book)
        #expect(decisions.map(\.isApproved) == [false, true])
        #expect(decisions[0].denial?.code == .grossExposureExceeded)
    }

    @Test func closingAPositionFreesItsSectorForTheNextTarget() throws {
        // AAPL and MSFT are both technology, capped at 30% net.
        let gate = try gate(limits(sectors: ["technology": 0.3]))
        let decisions = gate.evaluate([target("AAPL", 0), target("MSFT", 1_250)], portfolio: book)
        #expect(decisions.map(\.isApproved) == [true, true])
        let reversed = try RunnerRiskTests.gate(limits(sectors: ["technology": 0.3]))
            .evaluate([target("MSFT", 1_250), target("AAPL", 0)], portfolio: book)
        #expect(reversed[0].denial?.code == .sectorExposureExceeded)
    }

    @Test func closingAPositionFreesTheCorrelationBudgetForTheNextTarget() throws {
        // AAPL 4,000 x a 10.00 stop = 4% risk; MSFT 1,500 x 20.00 = 3%; the budget is 3.5%.
        let held = portfolio(["AAPL": .init(quantity: 4_000, stopDistance: 10)])
        let gate = try gate(limits(positionRisk: 0.05, correlationBudget: 0.035))
        let decisions = gate.evaluate([target("AAPL", 0), target("MSFT", 1_500, stop: 20)], portfolio: held)
        #expect(decisions.map(\.isApproved) == [true, true])
    }

    @Test func aPartialReductionFreesItsShareOfGrossExposure() throws {
        // Halving AAPL to 12.5% leaves room for MSFT's 12.5% under a 30% cap, not for 25%.
        let gate = try gate(limits(grossExposure: 0.3))
        let decisions = gate.evaluate([target("AAPL", 1_250), target("MSFT", 625), target("XOM", 2_000)],
                                      portfolio: book)
        #expect(decisions.map(\.isApproved) == [true, true, false])
        #expect(decisions[2].denial?.code == .grossExposureExceeded)
    }

    @Test func closingAnUnpricedPositionNoLongerBlocksNewRisk() throws {
        var unpriced = book
        unpriced.lastPrices["AAPL"] = nil
        let gate = try gate(limits())
        let decisions = gate.evaluate([target("AAPL", 0), target("MSFT", 100)], portfolio: unpriced)
        #expect(decisions.map(\.isApproved) == [true, true])
    }
}
