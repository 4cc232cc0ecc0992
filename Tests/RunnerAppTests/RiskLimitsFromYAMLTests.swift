import RunnerApp
import RunnerCore
import RunnerRisk
import Testing

/// The gate's figures come from the limits file, not from code.
@Suite struct RiskLimitsFromYAMLTests {
    @Test func thePaperLimitsFileDrivesTheGate() throws {
        let configuration = Workspace(root: Repository.root.path).load()
        let file = try #require(configuration.limits["limits/paper.yaml"])
        let limits = RiskLimits(file)
        #expect(limits.positionRisk == 0.01)
        #expect(limits.grossExposure == 0.5)
        #expect(limits.sectorLimit("technology") == 0.25)
        #expect(limits.sectorLimit("energy") == 0.3)
        #expect(limits.dailyLossHalt == 0.03)
        #expect(limits.correlationBudget == 0.06)
        #expect(limits.maxOrderNotional == 150_000)
        #expect(limits.maxOrdersPerMinute == 120)
        #expect(limits.defaultStop == 0.02)
        let gate = try RiskGate(limits: limits, time: ManualTimeSource(milliseconds: 0), session: .utcDay,
                                store: MemoryTradingStateStore())
        let book = PortfolioView(lastPrices: ["NVDA": 500], equity: 1_000_000, startOfDayEquity: 1_000_000)
        // 1,001 shares x a 10.00 stop is 1.001% of equity, above the file's 1%.
        let target = TargetPosition(strategy: "ma_cross", symbol: "NVDA", side: .long, size: 1001, confidence: 1,
                                    decisionTime: 0, referencePrice: 500, stopDistance: 10)
        #expect(gate.evaluate(target, portfolio: book).denial?.description
            == "POSITION_RISK_EXCEEDED symbol=NVDA risk=1.001% limit=1.00%")
    }
}
