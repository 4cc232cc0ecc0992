import RunnerCore
import RunnerRisk
import Testing

@Suite struct DecisionLogTests {
    final class Lines: @unchecked Sendable { var lines: [String] = [] }

    @Test func everyDecisionIsOneStructuredLineWithItsInputs() throws {
        let lines = Lines()
        let gate = try RiskGate(
            limits: limits(positionRisk: 0.01), time: ManualTimeSource(milliseconds: 1_000), session: .utcDay,
            store: MemoryTradingStateStore(), log: LineDecisionLog { lines.lines.append($0) })
        _ = gate.evaluate([target("AAPL", 1500, stop: 10), target("MSFT", -10)], portfolio: portfolio())
        #expect(lines.lines == [
            "risk_decision at=1000 decision=DENIED code=POSITION_RISK_EXCEEDED risk=1.50% limit=1.00% strategy=test "
                + "symbol=AAPL target=1500 price=100.0 stop=10.0 decision_time=0",
            "risk_decision at=1000 decision=APPROVED strategy=test symbol=MSFT target=-10 price=200.0 stop=default "
                + "decision_time=0",
        ])
        #expect(gate.decisionCounts == ["POSITION_RISK_EXCEEDED": 1, "APPROVED": 1])
    }
}
