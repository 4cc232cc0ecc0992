import RunnerCore
import RunnerEngine
import RunnerRisk
import Testing

/// The book is marked on every bar: a day's loss past the limit halts at once, not when a target changes.
@Suite struct DailyLossTests {
    static let alwaysLong = """
        strategy: probe
        universe: [AAPL]
        timeframe: 1m
        rules: {long: close > 0}
        sizing: {model: fixed_quantity, quantity: 1000}
        """

    @Test func anUnchangedLongPositionLosingPastTheLimitHaltsOnTheBarThatCrossesIt() async throws {
        // 1,000 shares bought at 100 on a 1,000,000 account; a 0.1% limit is 1,000 USD: price 99 is exactly
        // the limit (no halt), 98.99 is past it.
        let prices: [Double] = [100, 100, 99.5, 99, 98.99, 98, 97]
        let bars = prices.enumerated().map { bar(Int64($0.offset), "AAPL", $0.element) }
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.alwaysLong)], bars: bars,
                                        limits: looseLimits(dailyLossHalt: 0.001))
        try await harness.runToTheEnd()
        // One decision only: the target never changed.
        #expect(harness.decisions.count == 1)
        let halt = try #require(harness.tradingStates.first)
        #expect(halt.mode == .halted)
        #expect(halt.reason == .dailyLoss)
        #expect(halt.since == bars[4].timestamp)
    }

    @Test func aLossWithinTheLimitDoesNotHalt() async throws {
        let prices: [Double] = [100, 100, 99.5, 99.1, 99.2]
        let bars = prices.enumerated().map { bar(Int64($0.offset), "AAPL", $0.element) }
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.alwaysLong)], bars: bars,
                                        limits: looseLimits(dailyLossHalt: 0.001))
        try await harness.runToTheEnd()
        #expect(harness.tradingStates.isEmpty)
        #expect(harness.engine.gate.state.mode == .active)
    }
}
