import RunnerCore
import RunnerEngine
import RunnerJournal
import RunnerRouting
import Testing

/// Slices go out at their due time, not at the next bar: a TWAP child every 30 s on one-minute bars is
/// sent at :00 and :30.
@Suite struct SliceTimingTests {
    static let strategy = """
        strategy: probe
        universe: [AAPL]
        timeframe: 1m
        rules: {long: close > 0}
        sizing: {model: fixed_quantity, quantity: 400}
        """

    @Test func twapChildrenAreSentAtTheirDueTimeWithinTheBar() async throws {
        let rules = RoutingRules(sliceShare: 0.0001, window: 60_000, algorithm: .twap, horizon: 120_000,
                                 childInterval: 30_000, participation: 0.1, defaultVenue: "primary")
        let bars = (0..<6).map { bar($0, "AAPL", 100) }
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.strategy)], bars: bars, routing: rules)
        try await harness.runToTheEnd()
        let sent = harness.journal.entries.compactMap { entry -> Int64? in
            if case .childOrder(_, .new, let at) = entry { at } else { nil }
        }
        let decided = bar(1, "AAPL", 0).timestamp
        #expect(sent == [decided, decided + 30_000, decided + 60_000, decided + 90_000])
        // Each slice fills on the first bar after it went out.
        #expect(harness.fills.map(\.timestamp) == [decided, decided + 60_000, decided + 60_000, decided + 120_000])
        #expect(harness.engine.ledger.position(of: "AAPL").quantity == 400)
    }
}
