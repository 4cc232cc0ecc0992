import Logging
import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerConfig
import RunnerCore
import RunnerFeed
import RunnerSignals

/// What a factory needs to build an adapter for a run.
struct RunContext: Sendable {
    var environment: EnvironmentConfig
    var paths: RunPaths
    /// The run's clock: a replay's, set by its feed to each bar's time.
    var clock: ManualTimeSource
    var startingCash: Money
    /// The config root, for paths in the environment file.
    var root: String
    /// Every symbol the strategies trade: the market data must hold bars for each.
    var universe: [Symbol] = []
    /// The runner's environment variables: credentials, and what an adapter program may be given.
    var processEnvironment: [String: String] = [:]
    /// An adapter's own log lines (a program's stderr, a FIX session's events), to the run's log.
    var log: @Sendable (String) -> Void = { _ in }
    /// Something wrong an adapter noticed and survived (a malformed line, a reply to no request): journaled
    /// and raised as a warning.
    var problem: @Sendable (String) -> Void = { _ in }
    /// The run's structured log, for adapters that log through swift-log (a FIX session); nowhere by default.
    var logger = Logger(label: "runner.adapter", factory: { _ in SwiftLogNoOpLogHandler() })
}

/// A run's broker: the adapter the engine talks to, the venue a replay shows its bars to (a simulated
/// broker), and the paper broker itself when a crashed run must be rebuilt from its book.
struct RunBroker {
    var adapter: any BrokerAdapter
    var venue: (any SimulatedVenue)?
    var paper: PaperBroker?
}

/// The adapters a run can be wired with, by the names environment files use (`broker.adapter`,
/// `market_data.source`). The composition root looks them up; a name with no factory is an error, and a
/// second factory for a name is refused.
struct RunAdapters: Sendable {
    typealias BrokerFactory = @Sendable (RunContext) throws -> RunBroker
    typealias MarketDataFactory = @Sendable (RunContext) throws -> any MarketDataSource
    typealias LiveFeedFactory = @Sendable (RunContext) throws -> any LiveBarFeed

    private(set) var brokers: [String: BrokerFactory] = [:]
    private(set) var marketData: [String: MarketDataFactory] = [:]
    private(set) var liveFeeds: [String: LiveFeedFactory] = [:]

    mutating func registerBroker(_ name: String, _ factory: @escaping BrokerFactory) throws {
        guard brokers[name] == nil else { throw RunError("a broker adapter named '\(name)' is already registered") }
        brokers[name] = factory
    }

    mutating func registerMarketData(_ name: String, _ factory: @escaping MarketDataFactory) throws {
        guard marketData[name] == nil else { throw RunError("a market data source named '\(name)' is already registered") }
        marketData[name] = factory
    }

    mutating func registerLiveFeed(_ name: String, _ factory: @escaping LiveFeedFactory) throws {
        guard marketData[name] == nil, liveFeeds[name] == nil else {
            throw RunError("a market data source named '\(name)' is already registered")
        }
        liveFeeds[name] = factory
    }

    /// The live feed `market_data.source` names, or nil when it names a replayed source.
    func liveFeed(_ context: RunContext) throws -> (any LiveBarFeed)? {
        try liveFeeds[context.environment.marketData.source.value].map { try $0(context) }
    }

    /// Whether this build can run the source and the broker an environment names.
    func runs(_ environment: EnvironmentConfig) -> (broker: Bool, marketData: Bool) {
        let source = environment.marketData.source.value
        return (brokers[environment.broker.adapter.value] != nil, marketData[source] != nil || liveFeeds[source] != nil)
    }

    func broker(_ context: RunContext) throws -> RunBroker {
        let name = context.environment.broker.adapter.value
        guard let factory = brokers[name] else {
            throw RunError("broker adapter '\(name)' cannot run in this version (runnable: "
                + brokers.keys.sorted().joined(separator: ", ") + ")")
        }
        return try factory(context)
    }

    func source(_ context: RunContext) throws -> any MarketDataSource {
        let name = context.environment.marketData.source.value
        guard let factory = marketData[name] else {
            throw RunError("market data source '\(name)' cannot run in this version (runnable: "
                + (Array(marketData.keys) + Array(liveFeeds.keys)).sorted().joined(separator: ", ") + ")")
        }
        return try factory(context)
    }

    /// What this build can run: the paper broker and CSV files.
    static let installed: RunAdapters = {
        var adapters = RunAdapters()
        do {
            try adapters.registerBroker("paper") { context in
                let settings = Workspace.paperSettings(context.environment.broker.paper, startingCash: context.startingCash)
                let paper = try PaperBroker(settings: settings, time: context.clock, bookPath: context.paths.paperBook)
                return RunBroker(adapter: paper, venue: paper, paper: paper)
            }
            try adapters.registerMarketData("csv") { context in
                guard let path = context.environment.marketData.settings["path"] else {
                    throw RunError("\(context.environment.file): market_data.path is required for the csv source")
                }
                let marketData = context.environment.marketData
                return try CSVMarketDataSource(
                    path: ConfigDirectory(root: context.root).displayPath(path.value), policy: marketData.onBadRow,
                    options: CSVReadOptions(layout: marketData.layout, session: context.environment.session),
                    universe: context.universe)
            }
            try adapters.registerAlpaca()
            try adapters.registerProcess()
            try adapters.registerFIX()
        } catch {
            preconditionFailure("\(error)")
        }
        return adapters
    }()
}
