import Foundation
import RunnerCore
import RunnerEngine
import RunnerRouting
import Testing

/// VWAP follows the volume expected at each minute of the session, learned from past sessions; until one
/// session is complete it runs as TWAP and says so; no sliced order works past the session's close.
@Suite struct VolumeProfileTests {
    /// 10:00-10:10 UTC, so tests read easily.
    static let session = TradingSession(timeZone: TimeZone(identifier: "UTC")!, openMinute: 600, closeMinute: 610)!

    static func at(day: Int64, minute: Int64) -> Int64 { day * 86_400_000 + 600 * 60_000 + minute * 60_000 }

    @Test func theProfileAveragesEachMinuteOverTheLastSessions() {
        let market = MarketState(returnWindow: 30, session: Self.session, profileSessions: 2)
        // Day 0: volume 100 x (minute + 1); day 1: 300 x (minute + 1); day 2 begins.
        for (day, scale) in [(Int64(0), 100.0), (1, 300)] {
            for minute in 0..<10 {
                market.update(Bar(symbol: "AAPL", timestamp: Self.at(day: day, minute: Int64(minute)), open: 10, high: 10,
                                  low: 10, close: 10, volume: scale * Double(minute + 1)))
            }
        }
        let before = market.context("AAPL", at: Self.at(day: 1, minute: 9), horizon: 60_000, interval: 30_000)
        #expect(before.volumeProfile?.count == 2, "day 0 is complete once day 1 began")
        market.update(Bar(symbol: "AAPL", timestamp: Self.at(day: 2, minute: 0), open: 10, high: 10, low: 10, close: 10,
                          volume: 1))
        // At 10:02 of day 2, children every 30 s over 2 minutes: minutes 2 and 3 average (300+900)/2 and (400+1200)/2.
        let context = market.context("AAPL", at: Self.at(day: 2, minute: 2), horizon: 120_000, interval: 30_000)
        #expect(context.volumeProfile == [300, 300, 400, 400])
        #expect(context.sessionClose == Self.at(day: 2, minute: 10))
    }

    @Test func withoutACompleteSessionThereIsNoProfile() {
        let market = MarketState(returnWindow: 30, session: Self.session, profileSessions: 20)
        market.update(Bar(symbol: "AAPL", timestamp: Self.at(day: 0, minute: 0), open: 10, high: 10, low: 10, close: 10,
                          volume: 100))
        #expect(market.context("AAPL", at: Self.at(day: 0, minute: 1), horizon: 60_000, interval: 30_000).volumeProfile == nil)
    }

    @Test func outsideTheSessionThereIsNoCloseToCutAt() {
        let market = MarketState(returnWindow: 30, session: Self.session, profileSessions: 20)
        market.update(Bar(symbol: "AAPL", timestamp: Self.at(day: 0, minute: 0), open: 10, high: 10, low: 10, close: 10,
                          volume: 100))
        #expect(market.context("AAPL", at: Self.at(day: 0, minute: 30), horizon: 60_000, interval: 30_000).sessionClose == nil)
    }

    static let buyer = """
        strategy: probe
        universe: [AAPL]
        timeframe: 1m
        rules: {long: close > 100, flat: close <= 100}
        sizing: {model: fixed_quantity, quantity: 100}
        """

    /// Two sessions of bars; the price crosses 100 at `entryMinute` of each day (flat before it).
    static func bars(entryMinute: Int64) -> [Bar] {
        (0..<2).flatMap { day in
            (0..<10).map { minute in
                Bar(symbol: "AAPL", timestamp: at(day: Int64(day), minute: minute), open: 101, high: 101, low: 99,
                    close: minute >= entryMinute ? 101 : 99, volume: 100 * Double(minute + 1))
            }
        }
    }

    @Test func vwapRunsAsTWAPUntilASessionIsCompleteThenFollowsTheProfile() async throws {
        // A participation cap far above the volume: the children follow the profile alone.
        let rules = RoutingRules(sliceShare: 0.0001, window: 60_000, algorithm: .vwap, horizon: 120_000,
                                 childInterval: 60_000, participation: 100, defaultVenue: "primary")
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.buyer)], bars: Self.bars(entryMinute: 2),
                                        routing: rules, session: Self.session)
        try await harness.runToTheEnd()
        let parents = harness.journal.entries.compactMap { entry -> ParentOrder? in
            if case .parentOrder(let parent, _) = entry { parent } else { nil }
        }
        #expect(parents.map(\.algorithm).first == .twap)
        #expect(harness.alerts.contains { $0.contains("runs as TWAP instead of VWAP") })
        let vwap = parents.filter { $0.algorithm == .vwap }
        #expect(vwap.count == 2, "\(parents.map(\.algorithm))")
        // Day 1 sells at 10:01 (day 0's minutes 1 and 2 traded 200 and 300) and buys again at 10:03
        // (minutes 3 and 4 traded 400 and 500), each over two one-minute children.
        #expect(vwap.first?.children.map(\.quantity) == [40, 60])
        #expect(vwap.last?.children.map(\.quantity) == [44, 56])
    }

    @Test func aSlicedOrderNeverWorksPastTheClose() async throws {
        let rules = RoutingRules(sliceShare: 0.0001, window: 60_000, algorithm: .twap, horizon: 600_000,
                                 childInterval: 60_000, participation: 1, defaultVenue: "primary")
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.buyer)], bars: Self.bars(entryMinute: 6),
                                        routing: rules, session: Self.session)
        try await harness.runToTheEnd()
        let parent = try #require(harness.journal.entries.compactMap { entry -> ParentOrder? in
            if case .parentOrder(let parent, _) = entry { parent } else { nil }
        }.first)
        // Decided at 10:07 with a 10-minute horizon: three children, 10:07, 10:08, 10:09, all before 10:10.
        let close = Self.at(day: 0, minute: 10)
        #expect(parent.children.allSatisfy { $0.releaseAt < close })
        #expect(parent.children.map(\.quantity).reduce(0, +) == 100)
        #expect(parent.children.count == 3)
    }
}
