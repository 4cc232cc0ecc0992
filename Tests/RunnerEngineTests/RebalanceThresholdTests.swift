import Foundation
import RunnerConfig
import RunnerCore
import RunnerBus
import RunnerEngine
import RunnerEvaluation
import RunnerJournaling
import RunnerPipeline
import RunnerRouting
import RunnerSignals
import Testing

/// A strategy's rebalance band and minimum order, applied by the risk stage before the gate: a target close
/// to the strategy's approved one is held (counted and journaled, never decided or routed), an exit or a
/// reversal always goes on.
@Suite struct RebalanceThresholdTests {
    /// A one-symbol strategy in AAPL with `sizing` extra keys; `rules` says when it is long, short or flat.
    static func strategy(_ extra: String, notional: String = "10000 USD",
                         rules: String = "{long: close > 0}") -> String {
        """
        strategy: probe
        universe: [AAPL]
        timeframe: 1m
        rules: \(rules)
        sizing: {model: fixed_notional, notional: \(notional)\(extra.isEmpty ? "" : ", " + extra)}
        """
    }

    /// The harness over `yaml`, its threshold given to the engine as the composition root gives it.
    static func harness(_ yaml: String, closes: [Double]) throws -> EngineHarness {
        let config = try strategyConfig(yaml)
        let bars = closes.enumerated().map { bar(Int64($0.offset), "AAPL", $0.element) }
        let compiled = try CompiledStrategy(config, compiler: ExpressionCompiler(registry: .standard))
        return try EngineHarness(strategies: [compiled], bars: bars,
                                 thresholds: [config.name.value: config.sizing.rebalance])
    }

    /// A slow wave with a drift: 100,000 USD buys a different number of shares at nearly every minute's close.
    static let drifting: [Double] = (0..<600).map { (minute: Int) -> Double in
        let wave: Double = 15 * sin(Double(minute) / 60)
        return 100 + wave + Double(minute) * 0.01
    }

    @Test func aBandOfTenPercentSendsFarFewerOrdersOnDriftingPrices() async throws {
        let plain = try Self.harness(Self.strategy("", notional: "100000 USD"), closes: Self.drifting)
        try await plain.runToTheEnd()
        let banded = try Self.harness(Self.strategy("rebalance_band: 10%", notional: "100000 USD"), closes: Self.drifting)
        try await banded.runToTheEnd()

        // Without a band nearly every tick re-sizes; with it, only moves past 10% of the target do.
        #expect(plain.parentOrders.count > 400)
        #expect(banded.parentOrders.count * 20 < plain.parentOrders.count,
                "\(banded.parentOrders.count) orders with the band, \(plain.parentOrders.count) without")
        #expect(banded.parentOrders.count >= 2, "the band must not stop the strategy re-sizing altogether")
        let summary = banded.engine.summary
        #expect(summary.heldWithinBand > 500)
        #expect(summary.heldBelowMinimum == 0)
        // Held targets are neither signals nor decisions (a resumed run needs as many of one as of the other).
        #expect(banded.signals.count == banded.decisions.count)
        #expect(summary.targets == summary.unchanged + summary.heldWithinBand + summary.heldBelowMinimum
                    + summary.approved + summary.denied + summary.repeatedDenials)
        // Every held row: same side, no further from the approved size than 10% of the new one.
        let held = banded.heldTargets
        #expect(held.count + summary.repeatedHolds == summary.heldWithinBand)
        #expect(held.allSatisfy { $0.reason == .withinBand && $0.target.side == .long && $0.currentSize > 0 })
        #expect(held.allSatisfy { Double(abs($0.target.signedSize - $0.currentSize)) <= 0.1 * Double($0.target.size) })
        // The position tracks the target within the band.
        let last = try #require(banded.decisions.last?.0.target.size)
        let finalTarget = Int64((100_000 / Self.drifting.last!).rounded(.down))
        #expect(Double(abs(last - finalTarget)) <= 0.1 * Double(finalTarget))
    }

    @Test func anExitAndAReversalAlwaysGoOn() async throws {
        // Long below 100, short above 110, flat between; 10000 USD of shares at each close.
        let rules = "{long: close < 100, short: close > 110, flat: close >= 100 and close <= 110}"
        let harness = try Self.harness(
            Self.strategy("rebalance_band: 50%, min_order: 5 shares", rules: rules),
            closes: [95, 96, 105, 95, 120, 118, 99])
        try await harness.runToTheEnd()
        // 95: enter 105 long; 96: 104 is within the band, held; 105: flat; 95: enter again;
        // 120: short 83, a reversal; 118: 84 short within the band, held; 99: long 101, a reversal.
        #expect(harness.decisions.map { $0.0.target.signedSize } == [105, 0, 105, -83, 101])
        #expect(harness.decisions.allSatisfy { $0.0.isApproved })
        #expect(harness.heldTargets.map(\.reason) == [.withinBand, .withinBand])
        #expect(harness.heldTargets.map(\.currentSize) == [105, -83])

        let blocked = try Self.harness(Self.strategy("rebalance_band: 50%, min_order: 200 shares", rules: rules),
                                       closes: [95, 96, 120, 105])
        try await blocked.runToTheEnd()
        // Entries of 105 and 104 shares are below 200: held from flat; the short of 83 is held too, the exit
        // to flat goes on (to the gate, with nothing to trade).
        #expect(blocked.heldTargets.map(\.reason) == [.belowMinimum, .belowMinimum, .belowMinimum])
        #expect(blocked.heldTargets.allSatisfy { $0.currentSize == 0 })
        #expect(blocked.decisions.map { $0.0.target.signedSize } == [0])
        #expect(blocked.parentOrders.isEmpty)
    }

    @Test func afterTradingStopsTheNextTargetIsDecidedAgainWhateverTheBand() async throws {
        let harness = try Self.harness(Self.strategy("rebalance_band: 50%"), closes: [100, 101, 102])
        // Stop right after the first decision, before its order fills: the order is cancelled.
        try await harness.run { event in
            if case .advance(let time) = event { time == bar(1, "AAPL", 0).timestamp } else { false }
        }
        #expect(harness.decisions.map { $0.0.target.size } == [100])
        await harness.engine.bus.publish(.stopTrading(at: bar(1, "AAPL", 0).timestamp))
        try await harness.runToTheEnd()
        // 99 is within the band of the approved 100, but the account holds nothing: decided (and routed) again.
        // 98 is then held: the stage knows the 99 it approved.
        #expect(harness.decisions.map { $0.0.target.size } == [100, 99])
        #expect(harness.heldTargets.map(\.target.size) == [98])
        #expect(harness.heldTargets.map(\.currentSize) == [99])
    }

    @Test func aMinimumOrderInSharesHoldsSmallChangesAndCountsRepeatsOnce() async throws {
        let harness = try Self.harness(Self.strategy("min_order: 5 shares"), closes: [100, 101, 101, 102, 97, 90])
        try await harness.runToTheEnd()
        // 100 shares, then 99 (held), 99 again (held, not journaled again), 98 (held), 103 (held), 111 (11 shares).
        #expect(harness.decisions.map { $0.0.target.size } == [100, 111])
        #expect(harness.heldTargets.map(\.target.size) == [99, 98, 103])
        #expect(harness.heldTargets.allSatisfy { $0.reason == .belowMinimum && $0.currentSize == 100 })
        #expect(harness.engine.summary.heldBelowMinimum == 4)
        #expect(harness.engine.summary.repeatedHolds == 1)
        #expect(harness.parentOrders.map(\.quantity) == [100, 11])
    }

    @Test func aMinimumOrderInCashIsMeasuredAtTheTargetsReferencePrice() async throws {
        let harness = try Self.harness(Self.strategy("min_order: 1000 USD"), closes: [100, 101, 93, 85])
        try await harness.runToTheEnd()
        // 100 shares; 99 (1 x 101 = 101 USD, held); 107 (7 x 93 = 651 USD, held); 117 (17 x 85 = 1445 USD).
        #expect(harness.decisions.map { $0.0.target.size } == [100, 117])
        #expect(harness.heldTargets.map(\.target.size) == [99, 107])
        #expect(harness.heldTargets.map(\.target.referencePrice) == [101, 93])

        // 5 shares of 100 USD is below 1000 USD: a strategy too small for its minimum never enters.
        let small = try Self.harness(Self.strategy("min_order: 1000 USD", notional: "500 USD"), closes: [100, 100, 100])
        try await small.runToTheEnd()
        #expect(small.decisions.isEmpty)
        #expect(small.parentOrders.isEmpty)
        // Three ticks, the last decided at the end of the data; the repeats are journaled once.
        #expect(small.engine.summary.heldBelowMinimum == 3)
        #expect(small.heldTargets.count == 1)
    }

    @Test func withoutAThresholdEveryChangeIsDecided() async throws {
        let harness = try Self.harness(Self.strategy(""), closes: [100, 101, 102, 97])
        try await harness.runToTheEnd()
        #expect(harness.decisions.map { $0.0.target.size } == [100, 99, 98, 103])
        #expect(harness.heldTargets.isEmpty)
        #expect(!harness.engine.summary.description.contains("held"))
    }

    @Test func theSummarySaysHowManyTargetsWereHeld() async throws {
        let harness = try Self.harness(Self.strategy("min_order: 5 shares"), closes: [100, 101, 101, 102, 97, 90])
        try await harness.runToTheEnd()
        #expect(harness.engine.summary.description.contains(
            "held: 0 within the rebalance band, 4 below the minimum order; 1 repeated holds not journaled again\n"))
    }
}

extension EngineHarness {
    var parentOrders: [ParentOrder] {
        journal.entries.compactMap { if case .parentOrder(let parent, _) = $0 { parent } else { nil } }
    }

    var heldTargets: [HeldTarget] {
        journal.entries.compactMap { if case .heldTarget(let held) = $0 { held } else { nil } }
    }
}
