import RunnerBroker
import RunnerBus
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
        // The target never changed. The halt forgot it, so it was decided again: holding the position adds no
        // risk and passes, and no order goes out.
        #expect(harness.decisions.count == 2)
        #expect(harness.decisions.allSatisfy { $0.0.isApproved })
        #expect(harness.fills.count == 1)
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

    @Test func aResumeFromReduceOnlyLeavesTheDailyLossRuleArmed() async throws {
        let prices: [Double] = [100, 100, 100, 99, 98.99, 98]
        let bars = prices.enumerated().map { bar(Int64($0.offset), "AAPL", $0.element) }
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.alwaysLong)], bars: bars,
                                        limits: looseLimits(dailyLossHalt: 0.001))
        try await harness.run { _ in harness.engine.ledger.position(of: "AAPL").quantity == 1000 }
        _ = await harness.engine.apply(EngineCommand(.reduce, reason: "test", origin: "unit test"))
        _ = await harness.engine.apply(EngineCommand(.resume, reason: "test", origin: "unit test"))
        try await harness.runToTheEnd()
        #expect(harness.engine.gate.state.mode == .halted)
        #expect(harness.engine.gate.state.reason == .dailyLoss)
    }

    @Test func aResumeFromADailyLossHaltHoldsForTheRestOfTheDay() async throws {
        let prices: [Double] = [100, 100, 98.9, 98.8, 97, 96]
        let bars = prices.enumerated().map { bar(Int64($0.offset), "AAPL", $0.element) }
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.alwaysLong)], bars: bars,
                                        limits: looseLimits(dailyLossHalt: 0.001))
        try await harness.run { _ in harness.engine.gate.state.mode == .halted }
        _ = await harness.engine.apply(EngineCommand(.resume, reason: "I know", origin: "unit test"))
        try await harness.runToTheEnd()
        #expect(harness.engine.gate.state.mode == .active)
        #expect(harness.engine.gate.state.reason == .dailyLossOverride)
    }

    @Test func aRunWarmedAfterACrashKnowsTheLossItMadeBefore() async throws {
        // The position was bought before the crash: the warm-up books its fill and marks it bar by bar.
        let prices: [Double] = [100, 100, 99.5, 99.2, 98.9, 98.5]
        let bars = prices.enumerated().map { bar(Int64($0.offset), "AAPL", $0.element) }
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.alwaysLong)], bars: Array(bars.dropFirst(3)),
                                        limits: looseLimits(dailyLossHalt: 0.001))
        let buy = Fill(executionID: "e1", clientOrderID: "o1", symbol: "AAPL", side: .buy, quantity: 1000, price: 100,
                       fee: 0, timestamp: bars[1].timestamp)
        for (index, warmed) in bars.prefix(3).enumerated() { harness.engine.warm(warmed, fills: index == 1 ? [buy] : []) }
        harness.feed.resume(at: harness.engine.currentTime)
        try await harness.runToTheEnd()
        // Down 800 at 99.2 (no halt), 1,100 at 98.9: the halt comes at that bar, not later.
        let halt = try #require(harness.tradingStates.first { $0.mode == .halted })
        #expect(halt.since == bars[4].timestamp)
    }
}
