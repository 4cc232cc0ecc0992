import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerConfig
import RunnerCore
import RunnerEngine
import RunnerEvaluation
import RunnerJournal
import RunnerPipeline
import RunnerRisk
import RunnerRouting
import RunnerSignals
import Testing

/// Bars from memory, in the order given.
struct BarList: MarketDataSource {
    var bars: [Bar]
    var index = 0
    var problems = MarketDataProblemLog()

    init(_ bars: [Bar]) { self.bars = bars }

    mutating func next() throws(MarketDataProblem) -> Bar? {
        guard index < bars.count else { return nil }
        defer { index += 1 }
        return bars[index]
    }
}

func bar(_ minute: Int64, _ symbol: Symbol, _ price: Double, volume: Double = 1_000_000, day: Int64 = 0) -> Bar {
    Bar(symbol: symbol, timestamp: day * 86_400_000 + 14 * 3_600_000 + minute * 60_000, open: price, high: price,
        low: price, close: price, volume: volume)
}

/// Limits loose enough that only the check a test is about can deny.
func looseLimits(dailyLossHalt: Double = 0.03) -> RiskLimits {
    RiskLimits(
        positionRisk: 1, grossExposure: 10, defaultSectorNetExposure: 10, sectorNetExposure: [:],
        sectors: ["AAPL": "tech", "MSFT": "tech", "NVDA": "tech", "XOM": "energy", "JPM": "finance"],
        dailyLossHalt: dailyLossHalt, correlationBudget: 10, restricted: [], maxOrderNotional: 1e12,
        maxOrdersPerMinute: 1_000, priceBand: 1, defaultStop: 0.02)
}

/// A strategy from YAML text through the real loader.
func strategyConfig(_ yaml: String, name: String = "probe") throws -> StrategyConfig {
    let loader = ConfigurationLoader(catalog: PluginRegistries.standard.catalog)
    let configuration = loader.load(files: [
        ConfigFileSource(kind: .strategy, relativePath: "strategies/\(name).yaml", bytes: Array(yaml.utf8))
    ])
    #expect(configuration.diagnostics.map(\.description) == [])
    return try #require(configuration.strategies[name])
}

/// A strategy from YAML text through the real loader and compiler.
func compiledStrategy(_ yaml: String, name: String = "probe") throws -> CompiledStrategy {
    try CompiledStrategy(try strategyConfig(yaml, name: name), compiler: ExpressionCompiler(registry: .standard))
}

/// An engine over the paper broker and a memory journal, driven by a replay feed over bars in memory.
final class EngineHarness {
    let time: ManualTimeSource
    let journal = MemoryJournal()
    let broker: any BrokerAdapter
    let engine: TradingEngine
    let feed: ReplayFeed
    /// The gate's trading-state store; it can be told to fail.
    let store: FlakyStateStore

    init(strategies: [CompiledStrategy], bars: [Bar], limits: RiskLimits = looseLimits(),
         broker: (any BrokerAdapter)? = nil, venue: PaperBroker? = nil, routing: RoutingRules? = nil,
         tradingState: TradingState? = nil, clock: ManualTimeSource = ManualTimeSource(),
         session: TradingSession = .utcDay, thresholds: [String: RebalanceThreshold] = [:],
         submitter: ((any BrokerAdapter) -> IdempotentSubmitter)? = nil) throws
    {
        time = clock
        let store = FlakyStateStore(tradingState)
        self.store = store
        let cash = Money(1_000_000, "USD")
        let paper = venue ?? PaperBroker(settings: PaperBrokerSettings(startingCash: cash), time: time)
        let broker = broker ?? paper
        self.broker = broker
        let rules = routing ?? RoutingRules(sliceShare: 1e9, window: 60_000, algorithm: .direct, horizon: 600_000,
                                            childInterval: 30_000, participation: 0.1, defaultVenue: "primary")
        engine = TradingEngine(
            environment: "test", signals: SignalEngine(strategies: strategies, equity: cash),
            gate: try RiskGate(
                limits: limits, time: time, session: session, store: store),
            router: OrderRouter(environment: "test", rules: rules, time: time), broker: broker,
            submitter: submitter?(broker), time: time, journal: journal, market: MarketState(returnWindow: 30, session: session, profileSessions: 20),
            startingCash: cash, thresholds: thresholds)
        feed = ReplayFeed(source: BarList(bars), venue: paper, clock: time)
        feed.wakeUp = { [engine] in engine.nextWakeUp }
    }

    /// Runs every event, then the end of the data.
    func runToTheEnd() async throws {
        while let event = try feed.next() { await engine.handle(event) }
        await engine.finish()
    }

    /// Runs events until `stop` says so (after the event it was given).
    func run(until stop: (EngineEvent) -> Bool) async throws {
        while let event = try feed.next() {
            await engine.handle(event)
            if stop(event) { return }
        }
    }

    var decisions: [(RiskDecision, Int64)] {
        journal.entries.compactMap { if case .decision(let decision, let at) = $0 { (decision, at) } else { nil } }
    }

    var signals: [TargetPosition] {
        journal.entries.compactMap { if case .signal(let target) = $0 { target } else { nil } }
    }

    var fills: [Fill] { journal.entries.compactMap { if case .execution(let fill) = $0 { fill } else { nil } } }

    var statuses: [(String, OrderStatus)] {
        journal.entries.compactMap {
            if case .childOrder(let order, let status, _) = $0 { (order.clientOrderID, status) } else { nil }
        }
    }

    var alerts: [String] {
        journal.entries.compactMap { if case .alert(_, let message, _) = $0 { message } else { nil } }
    }

    var tradingStates: [TradingState] {
        journal.entries.compactMap { if case .tradingState(let state) = $0 { state } else { nil } }
    }
}

/// A trading-state store in memory whose saves fail on command (a full disk).
final class FlakyStateStore: TradingStateStore {
    private var saved: TradingState?
    var failSaves = false

    init(_ state: TradingState?) { saved = state }

    func load() throws -> TradingState? { saved }

    func save(_ state: TradingState) throws {
        struct DiskFull: Error, CustomStringConvertible { var description: String { "the disk is full" } }
        if failSaves { throw DiskFull() }
        saved = state
    }
}
