import RunnerCore
import RunnerRisk
import Testing

@testable import RunnerRouting

/// Approves `signedSize` through a real gate with generous limits: the router takes nothing else.
func approved(_ symbol: Symbol, _ signedSize: Int64, decisionTime: Int64 = 60_000, strategy: String = "trend") throws
    -> ApprovedTarget
{
    let limits = RiskLimits(
        positionRisk: 1, grossExposure: 100, defaultSectorNetExposure: 100, sectorNetExposure: [:],
        sectors: [symbol: "any"], dailyLossHalt: 1, correlationBudget: 100, restricted: [], maxOrderNotional: 1e15,
        maxOrdersPerMinute: 1_000_000, priceBand: 1, defaultStop: 0.01)
    let gate = try RiskGate(limits: limits, time: ManualTimeSource(milliseconds: 0), session: .utcDay,
                            store: MemoryTradingStateStore())
    let target = TargetPosition(strategy: strategy, symbol: symbol, side: signedSize >= 0 ? .long : .short,
                                size: abs(signedSize), confidence: 1, decisionTime: decisionTime, referencePrice: 100)
    let book = PortfolioView(lastPrices: [symbol: 100], equity: 1e12, startOfDayEquity: 1e12)
    guard case .approved(let approved) = gate.evaluate(target, portfolio: book) else {
        throw CancellationError()
    }
    return approved
}

@Suite struct OrderRouterTests {
    let twap = RoutingRules(sliceShare: 0.05, window: 60_000, algorithm: .twap, horizon: 600_000, childInterval: 30_000,
                            participation: 0.1, defaultVenue: "primary")

    @Test func smallOrdersGoDirectAndTheSizeIsExactlyTheApprovedChange() throws {
        let time = ManualTimeSource(milliseconds: 1_000)
        let router = OrderRouter(environment: "paper", rules: twap, time: time)
        // 5% of 10,000 a minute is 500: an order of 500 goes direct.
        let parent = try #require(router.route(try approved("AAPL", 800), position: 200, working: 100,
                                               market: MarketContext(volumePerMinute: 10_000, price: 100)))
        #expect(parent.algorithm == .direct)
        #expect(parent.quantity == 500)
        #expect(parent.children.map(\.quantity) == [500])
        #expect(parent.children[0].side == .buy)
        #expect(router.release(now: 1_000).map(\.clientOrderID) == parent.children.map(\.clientOrderID))
    }

    @Test func largeOrdersAreSlicedEquallyOverTheHorizon() throws {
        let time = ManualTimeSource(milliseconds: 0)
        let router = OrderRouter(environment: "paper", rules: twap, time: time)
        let parent = try #require(router.route(try approved("AAPL", -2005), position: 0, working: 0,
                                               market: MarketContext(volumePerMinute: 10_000, price: 100)))
        #expect(parent.algorithm == .twap)
        #expect(parent.children.count == 20)  // 10 minutes every 30 s
        #expect(parent.children.map(\.quantity).reduce(0, +) == 2005)
        #expect(parent.children.prefix(5).allSatisfy { $0.quantity == 101 })
        #expect(parent.children.dropFirst(5).allSatisfy { $0.quantity == 100 })
        #expect(parent.children.allSatisfy { $0.side == .sell })
        #expect(parent.children.map(\.releaseAt) == (0..<20).map { Int64($0) * 30_000 })
        #expect(router.release(now: 59_999).count == 2)
        #expect(router.release(now: 60_000).count == 1)
        #expect(router.pending("AAPL").count == 17)
    }

    @Test func vwapFollowsTheVolumeProfileAndItsParticipationCap() {
        // 1,000 shares over four intervals expecting 1,000 / 3,000 / 3,000 / 1,000 shares of volume,
        // at most 10% of each: 100 / 300 / 300 / 100, and the remaining 200 after the horizon at 100 a slice.
        let slices = SlicePlanner.vwap(quantity: 1000, profile: [1000, 3000, 3000, 1000], interval: 60_000, participation: 0.1)
        #expect(slices.map(\.quantity) == [100, 300, 300, 100, 100, 100])
        #expect(slices.map(\.offset) == [0, 60_000, 120_000, 180_000, 240_000, 300_000])
        // Without a binding cap the slices follow the profile exactly.
        let free = SlicePlanner.vwap(quantity: 80, profile: [1000, 3000, 3000, 1000], interval: 60_000, participation: 0.5)
        #expect(free.map(\.quantity) == [10, 30, 30, 10])
    }

    @Test func aNewTargetReplacesTheRemainingSlicesOfTheOldOne() throws {
        let time = ManualTimeSource(milliseconds: 0)
        let router = OrderRouter(environment: "paper", rules: twap, time: time)
        let market = MarketContext(volumePerMinute: 10_000, price: 100)
        router.route(try approved("AAPL", 2000, decisionTime: 60_000), position: 0, working: 0, market: market)
        let sent = router.release(now: 30_000)  // two slices of 100 released
        #expect(sent.map(\.quantity) == [100, 100])
        time.set(45_000)
        // The strategy now wants 500: the two released slices are working, the other 18 are dropped.
        let parent = try #require(router.route(try approved("AAPL", 500, decisionTime: 120_000), position: 0,
                                               working: 200, market: market))
        #expect(router.lastDropped.count == 18)
        #expect(parent.quantity == 300)
        #expect(router.pending("AAPL").map(\.quantity).reduce(0, +) == 300)
        #expect(router.pending("AAPL").allSatisfy { $0.parentID == parent.id })
    }

    @Test func nothingToDoDropsTheOldSlicesAndSendsNothing() throws {
        let router = OrderRouter(environment: "paper", rules: twap, time: ManualTimeSource(milliseconds: 0))
        let market = MarketContext(volumePerMinute: 10_000, price: 100)
        router.route(try approved("AAPL", 2000), position: 0, working: 0, market: market)
        #expect(router.route(try approved("AAPL", 300, decisionTime: 120_000), position: 100, working: 200,
                             market: market) == nil)
        #expect(router.pending("AAPL").isEmpty)
    }

    @Test func venuesFollowTheFirstMatchingRule() {
        let rules = RoutingRules(
            sliceShare: 1, window: 60_000, algorithm: .direct, horizon: 60_000, childInterval: 60_000, participation: 1,
            defaultVenue: "smart",
            venues: [.init(venue: "arca", symbols: ["XOM", "JPM"]), .init(venue: "dark", minimumNotional: 50_000),
                     .init(venue: "crypto", assetClass: "crypto")])
        #expect(rules.venue(for: "XOM", assetClass: "equity", notional: 1_000_000) == "arca")
        #expect(rules.venue(for: "AAPL", assetClass: "equity", notional: 60_000) == "dark")
        #expect(rules.venue(for: "AAPL", assetClass: "equity", notional: 40_000) == "smart")
        #expect(rules.venue(for: "BTC", assetClass: "crypto", notional: 10) == "crypto")
    }

    @Test func clientOrderIDsAreDeterministicShortAndDistinct() {
        let id = ClientOrderID.make(environment: "paper-environment-long-name", strategy: "ma_cross", symbol: "AAPL",
                                    decisionTime: 1_767_623_460_000, slice: 12)
        #expect(id == ClientOrderID.make(environment: "paper-environment-long-name", strategy: "ma_cross",
                                         symbol: "AAPL", decisionTime: 1_767_623_460_000, slice: 12))
        #expect(id.count <= ClientOrderID.maximumLength)
        #expect(id.hasPrefix("paperenv-") && id.hasSuffix("-12"))
        var ids = Set<String>()
        for strategy in ["a", "b"] {
            for symbol in ["AAPL", "MSFT"] {
                for time in [Int64(0), 60_000] {
                    for slice in 0..<3 {
                        ids.insert(ClientOrderID.make(environment: "paper", strategy: strategy, symbol: symbol,
                                                      decisionTime: time, slice: slice))
                    }
                }
            }
        }
        #expect(ids.count == 24)
    }
}
