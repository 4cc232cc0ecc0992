import Foundation
import RunnerBrokerPaper
import RunnerConfig
import RunnerCore
import RunnerEngine
import RunnerEvaluation
import RunnerJournal
import RunnerRisk
import RunnerRouting
import Logging
import RunnerSignals
import ServiceLifecycle

extension Workspace {
    /// `runner run`: the live guard, validation, then the pipeline in one process (the embedded
    /// default: paper broker, in-process hand-offs, SQLite journal) over the environment's CSV data.
    ///
    /// A run that crashed (its journal holds no finished mark) is resumed: see ``RunResumption``. A run
    /// that ended, by itself or by SIGINT/SIGTERM, is not: the next one starts from a fresh journal and a
    /// fresh paper broker, as does any run with `fresh`.
    public func run(
        requestedEnvironment: String?, processEnvironment: [String: String], fresh: Bool = false,
        progressEvery: Int = 250_000, progress: @escaping @Sendable (RunProgress) -> Void = { _ in }
    ) async -> CommandOutput {
        let preflight = preflight(requestedEnvironment: requestedEnvironment, processEnvironment: processEnvironment)
        guard preflight.exitCode == .success else { return preflight }
        let name = LiveGuard.selectedEnvironment(processEnvironment: processEnvironment, requested: requestedEnvironment)
        let configuration = load(environment: name)
        guard let environment = configuration.environments[name], let limitsFile = configuration.limits(for: environment)
        else { return CommandOutput(standardError: "run: environment '\(name)' did not load\n", exitCode: .configurationErrors) }
        // Preflight refused what this version cannot run; the paper settings are there for what it can.
        guard Self.runRefusal(environment) == nil, environment.broker.paper != nil else {
            return CommandOutput(standardError: "run: \(Self.runRefusal(environment) ?? "no paper broker settings")\n",
                                 exitCode: .notRunnable)
        }
        do {
            let summary = try await replay(environment, limits: limitsFile, configuration: configuration,
                                           fresh: fresh, progressEvery: progressEvery, progress: progress)
            return CommandOutput(standardOutput: preflight.standardOutput + summary.description)
        } catch {
            return CommandOutput(standardOutput: preflight.standardOutput, standardError: "run: \(error)\n",
                                 exitCode: .configurationErrors)
        }
    }

    func replay(
        _ environment: EnvironmentConfig, limits: LimitsConfig, configuration: Configuration, fresh: Bool,
        progressEvery: Int, progress: @escaping @Sendable (RunProgress) -> Void
    ) async throws -> RunSummary {
        let started = Date()
        let compiler = ExpressionCompiler(registry: indicators)
        let strategies = try environment.strategies.compactMap { configuration.strategies[$0.value] }
            .map { try CompiledStrategy($0, compiler: compiler) }
        let startingCash = environment.account.startingEquity?.value ?? Money(0, "USD")
        let paths = RunPaths(root: root, environment: environment)
        let policy = environment.marketData.onBadRow
        let dataPath = ConfigDirectory(root: root).displayPath(environment.marketData.settings["path"]?.value ?? "data")
        let fingerprint = RunFingerprint(environment: environment, configuration: configuration, dataPath: dataPath)
        if fresh { try? FileManager.default.removeItem(atPath: paths.tradingState) }
        let (journal, resumption) = try await openJournal(paths: paths, environment: environment.name,
                                                          fingerprint: fingerprint.text, fresh: fresh)
        let riskLimits = RiskLimits(limits)
        let brokerSettings = Self.paperSettings(environment.broker.paper, startingCash: startingCash)
        let returnWindow = limits.correlationLookback.value
        let inbox = CommandInbox()
        let settings = EngineService.Settings(
            progressEvery: progressEvery, speed: Self.pacer(environment.marketData.speed),
            progress: progress, backpressure: { await journal.waitForRoom() },
            finished: { lastTime in
                journal.record(.progress(lastBarTimestamp: lastTime))
                try await journal.flush()
                // Ended on its own or by a signal, with working orders cancelled: the next run starts afresh.
                try await journal.finishRun(at: Int64(Date().timeIntervalSince1970 * 1000))
            })
        let service = EngineService(inbox: inbox, settings: settings) {
            let time = ManualTimeSource(milliseconds: 0)
            let broker = try PaperBroker(settings: brokerSettings, time: time, bookPath: paths.paperBook)
            let store = FileTradingStateStore(path: paths.tradingState)
            if let resumption, let state = resumption.startingState(saved: try store.load()) { try store.save(state) }
            let engine = TradingEngine(
                environment: environment.name, signals: SignalEngine(strategies: strategies, equity: startingCash),
                gate: try RiskGate(limits: riskLimits, time: time, session: environment.session, store: store),
                router: OrderRouter(environment: environment.name, rules: RoutingRules(environment.routing), time: time),
                broker: broker, time: time, journal: journal, market: MarketState(returnWindow: returnWindow),
                startingCash: startingCash, inbox: inbox)
            let feed = ReplayFeed(source: try CSVMarketDataSource(path: dataPath, policy: policy), venue: broker, clock: time)
            return EngineService.Parts(
                engine: engine, source: feed,
                prepare: { engine in
                    guard let resumption else {
                        let state = engine.gate.state
                        guard state.mode != .active else { return nil }
                        journal.record(.tradingState(state))
                        return "trading is \(state.mode.rawValue) (\(state.reason.rawValue)) from an earlier run: "
                            + "new risk is denied; `runner resume` while it runs re-arms it, `--fresh` starts anew"
                    }
                    return try await resumption.resume(engine, feed: feed, broker: broker).description
                },
                problems: { (feed.problems.total, feed.problems.reports.prefix(20).map(\.description)) })
        }
        // Started in this order and stopped in reverse: the engine stops first, the journal commits last.
        var group = ServiceGroupConfiguration(
            services: [
                .init(service: JournalService(journal: journal)),
                .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup),
            ],
            logger: Logger(label: "runner.run"))
        group.gracefulShutdownSignals = [.sigterm, .sigint]
        try await ServiceGroup(configuration: group).run()
        try await journal.close()
        guard let result = service.result else { throw RunError("the run ended without a summary") }
        var summary = result.summary
        summary.skippedRows = result.skippedRows
        summary.seconds = Date().timeIntervalSince(started)
        for report in result.reports { progress(.note(report)) }
        return summary
    }

    /// The run's journal: batches of up to 4,096 entries or 50 ms, each synced; the replay waits for the
    /// writer beyond 16,384 waiting entries, so memory stays flat when the disk is the slower.
    static let journalConfiguration = SQLiteJournal.Configuration(batchSize: 4_096, capacity: 16_384, commitsWholeUnits: true)

    /// The journal to write: the crashed run's, to resume (with what it committed), or a new one.
    private func openJournal(
        paths: RunPaths, environment: String, fingerprint: String, fresh: Bool
    ) async throws -> (SQLiteJournal, RunResumption?) {
        let path = paths.journal
        if !fresh, FileManager.default.fileExists(atPath: path) {
            let journal = try SQLiteJournal(path: path, configuration: Self.journalConfiguration)
            if let record = try journal.runRecord(), record.finishedAt == nil {
                guard record.environment == environment, record.fingerprint == fingerprint else {
                    try await journal.close()
                    throw RunError(
                        "\(path) holds an unfinished run of environment '\(record.environment)' made with other "
                            + "configuration files or data (\(record.fingerprint)), not this one (\(fingerprint)); "
                            + "run with --fresh to discard it")
                }
                return (journal, try RunResumption(journal: journal))
            }
            try await journal.close()
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try? FileManager.default.removeItem(atPath: paths.paperBook)
        let journal = try SQLiteJournal(path: path, configuration: Self.journalConfiguration)
        try await journal.beginRun(environment: environment, fingerprint: fingerprint,
                                   at: Int64(Date().timeIntervalSince1970 * 1000))
        return (journal, nil)
    }

    static func paperSettings(_ config: PaperBrokerConfig?, startingCash: Money) -> PaperBrokerSettings {
        guard let config else { return PaperBrokerSettings(startingCash: startingCash) }
        let latency = config.latency.components
        return PaperBrokerSettings(
            latency: latency.seconds * 1000 + latency.attoseconds / 1_000_000_000_000_000,
            slippage: config.slippage.value, maxParticipation: config.maxParticipation.value,
            feeRate: config.fees.value, startingCash: startingCash)
    }

    static func pacer(_ speed: ReplaySpeed) -> ReplayPacer? {
        switch speed {
        case .max: nil
        case .multiple(let multiple): ReplayPacer(speed: multiple)
        }
    }
}

/// The journal's writer as a service: commits batches until graceful shutdown, then what is left.
struct JournalService: Service {
    let journal: SQLiteJournal

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await self.journal.run() }
    }
}

struct RunError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
