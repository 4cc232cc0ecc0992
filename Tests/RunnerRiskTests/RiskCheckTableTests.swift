import RunnerCore
import RunnerRisk
import Testing

/// Each check at, just below and just above its limit; `nil` expects approval.
@Suite struct RiskCheckTableTests {
    struct Row: Sendable, CustomStringConvertible {
        var size: Int64
        var expected: String?
        var description: String { "\(size) -> \(expected ?? "approved")" }
    }

    func decide(_ gate: RiskGate, _ target: TargetPosition, _ book: PortfolioView) -> String? {
        gate.evaluate(target, portfolio: book).denial?.description
    }

    @Test(arguments: [
        Row(size: 999, expected: nil), Row(size: 1000, expected: nil),
        Row(size: 1001, expected: "POSITION_RISK_EXCEEDED symbol=AAPL risk=1.001% limit=1.00%"),
        Row(size: -1001, expected: "POSITION_RISK_EXCEEDED symbol=AAPL risk=1.001% limit=1.00%"),
        Row(size: 1500, expected: "POSITION_RISK_EXCEEDED symbol=AAPL risk=1.50% limit=1.00%"),
    ])
    func positionRisk(_ row: Row) throws {
        // 1,000 shares x a 10.00 stop on 1,000,000 of equity is exactly 1%.
        let gate = try gate(limits(positionRisk: 0.01))
        #expect(decide(gate, target("AAPL", row.size, stop: 10), portfolio()) == row.expected)
    }

    @Test func theDefaultStopAppliesWhenTheTargetHasNone() throws {
        // 2% of 100 is a 2.00 stop: 5,000 shares risk 1%.
        let gate = try gate(limits(positionRisk: 0.01, defaultStop: 0.02))
        #expect(decide(gate, target("AAPL", 5000), portfolio()) == nil)
        #expect(decide(gate, target("AAPL", 5001), portfolio()) == "POSITION_RISK_EXCEEDED symbol=AAPL risk=1.0002% limit=1.00%")
    }

    @Test(arguments: [
        Row(size: 7499, expected: nil), Row(size: 7500, expected: nil),
        Row(size: 7501, expected: "GROSS_EXPOSURE_EXCEEDED symbol=AAPL gross=100.01% limit=100.00%"),
        Row(size: -7501, expected: "GROSS_EXPOSURE_EXCEEDED symbol=AAPL gross=100.01% limit=100.00%"),
    ])
    func grossExposure(_ row: Row) throws {
        // XOM 5,000 x 50 = 250,000 held; AAPL 7,500 x 100 = 750,000 makes exactly 100%.
        let gate = try gate(limits(grossExposure: 1))
        #expect(decide(gate, target("AAPL", row.size), portfolio(["XOM": .init(quantity: 5000)])) == row.expected)
    }

    @Test(arguments: [
        Row(size: 1999, expected: nil), Row(size: 2000, expected: nil),
        Row(size: 2001, expected: "SECTOR_EXPOSURE_EXCEEDED symbol=AAPL sector=technology net=40.01% limit=40.00%"),
        // Short AAPL against long MSFT nets out: -6,000 x 100 + 200,000 = -40% is within the limit.
        Row(size: -6000, expected: nil),
        Row(size: -6001, expected: "SECTOR_EXPOSURE_EXCEEDED symbol=AAPL sector=technology net=-40.01% limit=40.00%"),
    ])
    func sectorNetExposure(_ row: Row) throws {
        // MSFT 1,000 x 200 = 200,000 held in technology; AAPL 2,000 x 100 brings it to exactly 40%.
        let gate = try gate(limits(sectors: ["technology": 0.4]))
        #expect(decide(gate, target("AAPL", row.size), portfolio(["MSFT": .init(quantity: 1000)])) == row.expected)
    }

    @Test(arguments: [
        (970_100.0, nil as String?), (970_000.0, nil),
        (969_900.0, "DAILY_LOSS_HALT symbol=AAPL drawdown=3.01% limit=3.00%"),
    ])
    func dailyLossHaltsAbove3Percent(_ equity: Double, _ expected: String?) throws {
        let gate = try gate(limits(dailyLossHalt: 0.03))
        #expect(decide(gate, target("AAPL", 100), portfolio(equity: equity)) == expected)
        #expect(gate.state.mode == (expected == nil ? .active : .halted))
    }

    @Test(arguments: [
        Row(size: 1400, expected: nil),
        Row(size: 1500, expected: "CORRELATION_BUDGET_EXCEEDED symbol=MSFT combined=6.08% limit=6.00%"),
    ])
    func correlationBudgetAgainstAHandComputedExample(_ row: Row) throws {
        // AAPL holds 4,000 x a 10.00 stop = 4% risk; MSFT and AAPL returns correlate at 0.5.
        // MSFT 1,400 x 20.00 = 2.8%: sqrt(0.04^2 + 0.028^2 + 2 x 0.5 x 0.04 x 0.028) = 5.92% <= 6%.
        // MSFT 1,500 x 20.00 = 3.0%: sqrt(0.0016 + 0.0009 + 0.0012) = 6.08% > 6%.
        let returns: [Symbol: [Double]] = ["AAPL": [1, 0, 1, 0], "MSFT": [1, 1, 0, 0]]
        let correlations = CorrelationMatrix(returns: returns)
        #expect(correlations.correlation("AAPL", "MSFT") == 0)
        let matrix = CorrelationMatrix(returns: ["AAPL": [1, 0, 1, 0, 1, 0], "MSFT": [1, 0, 1, 0, 0, 1]])
        let correlation = matrix.correlation("AAPL", "MSFT")
        #expect(abs(correlation - 1.0 / 3.0) < 1e-12)
        let half = CorrelationMatrix(returns: ["AAPL": [2, -1, -1], "MSFT": [1, -2, 1]])
        #expect(abs(half.correlation("AAPL", "MSFT") - 0.5) < 1e-12)
        let gate = try gate(limits(positionRisk: 0.05, correlationBudget: 0.06))
        let book = portfolio(["AAPL": .init(quantity: 4000, stopDistance: 10)], correlations: half)
        #expect(decide(gate, target("MSFT", row.size, stop: 20), book) == row.expected)
    }

    @Test(arguments: [
        (110.0, nil as String?), (90.0, nil),
        (110.5, "PRICE_OUT_OF_BAND symbol=AAPL price=110.5 last=100.0 band=10.00%"),
        (89.5, "PRICE_OUT_OF_BAND symbol=AAPL price=89.5 last=100.0 band=10.00%"),
    ])
    func priceBand(_ price: Double, _ expected: String?) throws {
        let gate = try gate(limits(priceBand: 0.1))
        #expect(decide(gate, target("AAPL", 10, price: price), portfolio()) == expected)
    }

    @Test(arguments: [
        Row(size: 2499, expected: nil), Row(size: 2500, expected: nil),
        Row(size: 2501, expected: "ORDER_NOTIONAL_EXCEEDED symbol=AAPL notional=250100.0 limit=250000.0"),
    ])
    func orderNotional(_ row: Row) throws {
        let gate = try gate(limits(maxOrderNotional: 250_000))
        #expect(decide(gate, target("AAPL", row.size), portfolio()) == row.expected)
    }

    @Test func restrictedSymbolsCannotBeBoughtButCanBeSold() throws {
        let gate = try gate(limits(restricted: ["XOM"]))
        let book = portfolio(["XOM": .init(quantity: 100)])
        #expect(decide(gate, target("XOM", 200), book) == "RESTRICTED_SYMBOL symbol=XOM")
        #expect(decide(gate, target("XOM", 50), book) == nil)
        #expect(decide(gate, target("XOM", 0), book) == nil)
    }

    @Test func theRateLimitRefillsOnTheInjectedClock() throws {
        let time = ManualTimeSource(milliseconds: 1_767_623_400_000)
        let gate = try gate(limits(maxOrdersPerMinute: 2), time: time)
        #expect(decide(gate, target("AAPL", 10), portfolio()) == nil)
        #expect(decide(gate, target("MSFT", 10), portfolio()) == nil)
        #expect(decide(gate, target("JPM", 10), portfolio()) == "ORDER_RATE_EXCEEDED symbol=JPM limit=2/min")
        time.advance(by: 29_000)
        #expect(decide(gate, target("JPM", 10), portfolio()) == "ORDER_RATE_EXCEEDED symbol=JPM limit=2/min")
        time.advance(by: 1_000)  // 30 s refills one of two tokens per minute
        #expect(decide(gate, target("JPM", 10), portfolio()) == nil)
    }

    @Test func theFirstFailingCheckDecides() throws {
        // Fails position risk, gross and sector at once: position risk is reported.
        let gate = try gate(limits(positionRisk: 0.01, grossExposure: 0.1, sectors: ["technology": 0.05]))
        #expect(decide(gate, target("AAPL", 5000, stop: 10), portfolio())?.hasPrefix("POSITION_RISK_EXCEEDED") == true)
    }
}

/// `RiskGate.checkOrder` is the order the checks really run in.
@Suite struct RiskCheckOrderTests {
    @Test func theChecksRunInTheDeclaredOrder() throws {
        // An AAPL target that breaks every limit at once (equity is 10% below the start of the day, the
        // price 50% off the last); relaxing the limits one at a time, in the declared order, reveals
        // each next check.
        let book = portfolio(equity: 900_000)
        for (relaxed, expected) in RiskGate.checkOrder.enumerated() {
            let tight = limits(
                positionRisk: relaxed > 0 ? 1 : 0.001, grossExposure: relaxed > 1 ? 10 : 0.01,
                sectors: relaxed > 2 ? [:] : ["technology": 0.001], dailyLossHalt: relaxed > 3 ? 0.5 : 0.01,
                correlationBudget: relaxed > 4 ? 10 : 0.001, restricted: relaxed > 5 ? [] : ["AAPL"],
                maxOrderNotional: relaxed > 7 ? 1e12 : 1, maxOrdersPerMinute: 1, priceBand: relaxed > 6 ? 1 : 0.01)
            let gate = try gate(tight)
            if expected == .orderRateExceeded {
                // The minute's only approval goes to another symbol first.
                #expect(gate.evaluate(target("MSFT", 1), portfolio: book).isApproved)
            }
            let decision = gate.evaluate(target("AAPL", 1_000, price: 150), portfolio: book)
            #expect(decision.denial?.code == expected, "with the first \(relaxed) checks relaxed")
        }
    }
}
