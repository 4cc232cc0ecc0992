import RunnerCore
import RunnerEngine
import RunnerJournaling
import RunnerRisk
import Testing

/// A held strategy through the whole engine: its exits reach the broker, even while trading is halted.
@Suite struct HeldStrategyRunTests {
    static let stopped = """
        strategy: probe
        universe: [AAPL]
        timeframe: 1m
        rules: {enter_long: close > 0, exit_long: close < 0}
        exits: {stop_loss: 3%}
        sizing: {model: fixed_quantity, quantity: 1000}
        """

    @Test func aStopLossGoesThroughWhileTheDailyLossHaltDeniesNewRisk() async throws {
        // In at 100; 98.9 is past the 0.1% daily loss (1,000 USD): halted; 96.9 goes through the stop at 97.
        let prices: [Double] = [100, 100, 99.5, 98.9, 96.9, 96, 95]
        let bars = prices.enumerated().map { bar(Int64($0.offset), "AAPL", $0.element) }
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.stopped)], bars: bars,
                                        limits: looseLimits(dailyLossHalt: 0.001))
        try await harness.runToTheEnd()
        #expect(harness.engine.gate.state.mode == .halted)
        #expect(harness.engine.gate.state.reason == .dailyLoss)
        let exit = try #require(harness.signals.first { $0.reason == "stop_loss" })
        #expect(exit.side == .flat)
        let decision = try #require(harness.decisions.first { $0.0.target.side == .flat })
        #expect(decision.0.isApproved)
        #expect(harness.fills.map(\.side) == [.buy, .sell])
        #expect(harness.engine.ledger.position(of: "AAPL").quantity == 0)
        // The journal kept the position while it was held, and that it closed.
        let positions = harness.journal.entries.compactMap { entry -> StrategyPosition?? in
            if case .strategyPosition(_, _, let position, _) = entry { position } else { nil }
        }
        #expect(positions.first??.side == .long)
        #expect(positions.first??.stopLoss == 97)
        #expect(positions.contains { $0 == nil })
        // The rule enters again at once, but that is new risk: denied while halted.
        #expect(harness.decisions.last.map { !$0.0.isApproved && $0.0.target.side == .long } == true)
    }
}
