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
import RunnerPipeline
import RunnerSignals
import ServiceLifecycle
import RunnerBroker
import RunnerControl
import RunnerHealth
import RunnerFeed

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
        // Preflight refused what this version cannot run.
        if let refusal = Self.runRefusal(environment) {
            return CommandOutput(standardError: "run: \(refusal)\n", exitCode: .notRunnable)
        }
        do {
            let summary = try await replay(environment, limits: limitsFile, configuration: configuration,
                                           fresh: fresh, progressEvery: progressEvery, progress: progress,
                                           processEnvironment: processEnvironment)
            // A replay of data it could mostly not read proves nothing: said, and not a success.
            if !summary.interrupted, let failure = MarketDataProblemLog.failure(bars: summary.bars, skipped: summary.skippedRows) {
                return CommandOutput(standardOutput: preflight.standardOutput + summary.description,
                                     standardError: "run: \(failure)\n", exitCode: .configurationErrors)
            }
            // Preflight's warnings (a paper clock check that failed) stay on standard error.
            return CommandOutput(standardOutput: preflight.standardOutput + summary.description,
                                 standardError: preflight.standardError)
        } catch {
            return CommandOutput(standardOutput: preflight.standardOutput, standardError: "run: \(error)\n",
                                 exitCode: .configurationErrors)
        }
    }

    func replay(
        _ environment: EnvironmentConfig, limits: LimitsConfig, configuration: Configuration, fresh: Bool,
        progressEvery: Int, progress: @escaping @Sendable (RunProgress) -> Void,
        processEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> RunSummary {
        let started = Date()
        guard let graph = PipelineGraphBuilder(registries: registries).build(environment: environment.name, from: configuration)
        else { throw RunError("environment '\(environment.name)' did not load") }
        let compiler = ExpressionCompiler(registry: indicators)
        let strategies = try graph.strategies.map { try CompiledStrategy($0.config, compiler: compiler) }
        let isPaper = environment.broker.adapter.value == "paper"
        guard let startingCash = environment.account.startingEquity?.value ?? (isPaper ? nil : Money(0, "USD")) else {
            throw RunError("\(environment.file): account.starting_equity is required for a paper run")
        }
        let paths = RunPaths(root: root, environment: environment)
        // Until the first event sets it, the run's clock reads the wall clock (what the trading state is stamped with).
        let clock = ManualTimeSource(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        let universe = Array(Set(graph.strategies.flatMap(\.universe))).sorted()
        // Bound first: a second run of this environment is refused before it touches the journal.
        let inbox = CommandInbox()
        let board = HeartbeatBoard()
        let heartbeatInterval = environment.heartbeat.wholeMilliseconds
        let control = try ControlChannel.server(path: paths.controlSocket, inbox: inbox, heartbeats: board,
                                                heartbeatInterval: heartbeatInterval)
        if let note = control.staleSocketNote { progress(.note(note)) }
        // Where the kill switch finds this process when the engine stops answering (see RunProcessFile).
        let processFile = try RunProcessFile.claim(paths.processFile)
        defer { processFile.release() }
        let dataPath = environment.marketData.settings["path"].map { ConfigDirectory(root: root).displayPath($0.value) } ?? ""
        let fingerprint = RunFingerprint(environment: environment, configuration: configuration, dataPath: dataPath)
        // Before the journal: a sink that cannot work stops the run before it writes anything.
        let alerts = try RunAlerts(environment: environment, paths: paths, root: root,
                                   processEnvironment: processEnvironment)
        for note in alerts.notes { progress(.note(note)) }
        let adapterLog = alerts.log.logger(label: "runner.adapter")
        let relay = AlertRelay(environment: environment.name, clock: clock)
        let context = RunContext(environment: environment, paths: paths, clock: clock, startingCash: startingCash,
                                 root: root, universe: universe, processEnvironment: processEnvironment,
                                 log: { adapterLog.info("\($0)") }, problem: { relay.raise(.broker, .warning, $0) },
                                 logger: adapterLog)
        // A real broker is connected before the journal opens: one that cannot be reached stops the run here.
        let connected = isPaper ? nil : try await Self.connect(RunAdapters.installed.broker(context), environment)
        let liveFeed: (any LiveBarFeed)?
        let journal: SQLiteJournal
        let resumption: RunResumption?
        var cash = startingCash
        do {
            liveFeed = try RunAdapters.installed.liveFeed(context)
            let journalKind: RunJournalKind = connected != nil ? .continued : liveFeed != nil ? .rehearsal : .replay
            (journal, resumption) = try await openJournal(paths: paths, environment: environment.name,
                                                          fingerprint: fingerprint.text, fresh: fresh, kind: journalKind,
                                                          progress: progress)
            if let connected { cash = try await Self.continuedStartingCash(connected, journal: journal) }
        } catch {
            await connected?.disconnect()
            throw error
        }
        let runStartingCash = cash
        let alertDispatcher = alerts.dispatcher(journal: journal)
        relay.connect(alertDispatcher)
        let monitor = RunLiveMonitor(environment: environment.name, inbox: inbox, journal: journal, clock: clock,
                                     raise: { alertDispatcher.raise($0) })
        let unknownOrders = RunUnknownOrders(policy: environment.reconciliation.unknownOrders, environment: environment.name,
                                             raise: { alertDispatcher.raise($0) })
        let connectionWatch = connected.map { monitor.watch($0) }
        let settings = EngineService.Settings(
            progressEvery: progressEvery, speed: Self.pacer(environment.marketData.speed),
            progress: progress, backpressure: { await journal.waitForRoom() },
            finished: { lastTime, dataDigest in
                journal.record(.progress(lastBarTimestamp: lastTime, dataDigest: dataDigest))
                try await journal.flush()
                // Ended on its own or by a signal, with working orders cancelled: the next run starts afresh.
                try await journal.finishRun(at: Int64(Date().timeIntervalSince1970 * 1000))
            })
        let engineService = EngineService(inbox: inbox, settings: settings) {
            let broker = try connected.map { RunBroker(adapter: $0, venue: nil, paper: nil) } ?? RunAdapters.installed.broker(context)
            let engine = try Self.engine(graph, strategies: strategies, broker: broker.adapter, clock: clock,
                                         journal: journal, paths: paths, resumption: resumption,
                                         startingCash: runStartingCash, inbox: inbox)
            let source = try Self.eventSource(environment, context: context, broker: broker, connected: connected,
                                              liveFeed: liveFeed, engine: engine, monitor: monitor)
            // Every execution of this run's venue is compared (a fresh run's book starts empty).
            let reconciler = try RunReconciler(environment: environment, broker: broker.adapter, journal: journal,
                                               runStart: Int64.min, raise: { alertDispatcher.raise($0) })
            engine.book.alerts = alertDispatcher
            engine.book.alertEnvironment = environment.name
            let heartbeatLog = alerts.log.logger(label: "runner.heartbeat")
            let heartbeats = HeartbeatEmitter(
                interval: heartbeatInterval,
                extra: [(.journal, { journal.statistics.latestCommittedHeartbeat }), (.reconciliation, { reconciler.latestCheck })],
                wallClock: SystemTimeSource(), journal: journal, board: board,
                log: { beat in
                    heartbeatLog.info("heartbeat", metadata: [
                        "component": "\(beat.component.rawValue)", "sequence": "\(beat.sequence)", "at": "\(beat.at)",
                        "latest_event": "\(beat.latestEvent.map(String.init) ?? "none")", "lag_ms": "\(beat.lag.map(String.init) ?? "none")",
                        "state": "\(beat.state.rawValue)",
                    ])
                })
            var parts = EngineService.Parts(
                engine: engine, source: source.events,
                prepare: { engine in
                    var notes: [String] = []
                    if let replay = source.replay {
                        if resumption != nil { reconciler.waitForResumption(until: broker.paper?.lastEventClock) }
                        notes += [try await Self.prepare(engine, feed: replay, broker: broker, resumption: resumption)].compactMap { $0 }
                    } else {
                        notes += [try await Self.prepareLive(engine, journal: journal, connected: connected != nil,
                                                              unknownOrders: unknownOrders)].compactMap { $0 }
                    }
                    try await reconciler.beforeFirstOrder(engine)
                    // The feed starts last: no bar arrives before the books agree.
                    if let liveFeed { try await liveFeed.start(symbols: universe) }
                    return notes.isEmpty ? nil : notes.joined(separator: "; ")
                },
                problems: { source.replay.map { ($0.problems.total, $0.problems.reportLines(limit: 20)) } ?? (0, []) },
                heartbeats: heartbeats)
            parts.before = { engine in
                // The broker came back: orders it holds that this run does not know are dealt with before the
                // next event can send anything, and the books are compared again at once.
                guard connected != nil, monitor.takeReconnection() else { return }
                reconciler.connectionRestored()
                do {
                    if let note = try await unknownOrders.check(engine, starting: false) { progress(.note(note)) }
                    monitor.reconnectionChecked()
                } catch {
                    // Tried again before the next event; said once per failure.
                    monitor.reconnectionCheckFailed("\(error)")
                }
            }
            parts.between = { engine in await reconciler.between(engine) }
            return parts
        }
        // Started in this order and stopped in reverse: the engine stops first, the journal commits last.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: JournalService(journal: journal))]
        // Stopped after every part that raises alerts, before the journal: it delivers what is queued first.
        services.append(.init(service: alertDispatcher))
        services += Self.runServices.compactMap { $0(RunServiceContext(environment: environment, paths: paths, inbox: inbox, heartbeats: board,
                                                                 journal: journal, root: root, alerts: alertDispatcher)) }
            .map { .init(service: $0) }
        services.append(.init(service: engineService, successTerminationBehavior: .gracefullyShutdownGroup))
        // Started last, stopped first: no command arrives once the engine has stopped taking them.
        services.append(.init(service: control))
        var group = ServiceGroupConfiguration(services: services, logger: Logger(label: "runner.run"))
        group.gracefulShutdownSignals = [.sigterm, .sigint]
        do {
            try await ServiceGroup(configuration: group).run()
        } catch {
            await Self.closeLive(connected: connected, feed: liveFeed, watch: connectionWatch)
            throw error
        }
        await Self.closeLive(connected: connected, feed: liveFeed, watch: connectionWatch)
        try await journal.close()
        guard let result = engineService.result else { throw RunError("the run ended without a summary") }
        var summary = result.summary
        summary.skippedRows = result.skippedRows
        summary.seconds = Date().timeIntervalSince(started)
        for report in result.reports { progress(.note(report)) }
        return summary
    }

    /// The engine the graph describes, over the broker and journal given.
    static func engine(
        _ graph: PipelineGraph, strategies: [CompiledStrategy], broker: any BrokerAdapter, clock: ManualTimeSource,
        journal: SQLiteJournal, paths: RunPaths, resumption: RunResumption?, startingCash: Money, inbox: CommandInbox
    ) throws -> TradingEngine {
        let store = FileTradingStateStore(path: paths.tradingState)
        if let resumption, let state = resumption.startingState(saved: try store.load()) { try store.save(state) }
        return TradingEngine(
            environment: graph.environment, signals: SignalEngine(strategies: strategies, equity: startingCash),
            gate: try RiskGate(limits: graph.riskLimits, time: clock, session: graph.session, store: store),
            router: OrderRouter(environment: graph.environment, rules: graph.routingRules, time: clock),
            broker: broker, time: clock, journal: journal,
            market: MarketState(returnWindow: graph.correlationLookback, session: graph.session,
                                profileSessions: graph.vwapSessions),
            startingCash: startingCash,
            thresholds: Dictionary(graph.strategies.map { ($0.name, $0.config.sizing.rebalance) },
                                   uniquingKeysWith: { $1 }),
            inbox: inbox)
    }

    /// Before the first event: a crashed run is rebuilt; a run that comes up halted says so.
    static func prepare(_ engine: TradingEngine, feed: ReplayFeed, broker: RunBroker, resumption: RunResumption?)
        async throws -> String?
    {
        guard let resumption else {
            let state = engine.gate.state
            guard state.mode != .active else { return nil }
            engine.journal?.record(.tradingState(state))
            return "trading is \(state.mode.rawValue) (\(state.reason.rawValue)) from an earlier run: new risk is denied; "
                + "`runner resume` while it runs re-arms it, `--fresh` starts anew"
        }
        guard let paper = broker.paper else {
            throw RunError("resuming a crashed run is supported with the paper broker only in this version")
        }
        return try await resumption.resume(engine, feed: feed, broker: paper).description
    }

    /// The run's journal: batches of up to 4,096 entries or 50 ms, each synced; the replay waits for the
    /// writer beyond 16,384 waiting entries, so memory stays flat when the disk is the slower.
    static let journalConfiguration = SQLiteJournal.Configuration(batchSize: 4_096, capacity: 16_384, commitsWholeUnits: true)

    /// The journal to write: the crashed run's, to resume (with what it committed), or a new one.
    ///
    /// Only files this environment's runs wrote are ever opened, resumed or removed: whatever else is at
    /// the journal's or the paper book's path (a folder, a config or data file, another database, another
    /// environment's journal) stops the run with an error and stays as it is, `fresh` or not.
    ///
    /// A run against a real broker (`kind` continued) never replaces its journal, `fresh` or not: it goes on
    /// in the same file. A rehearsal (paper broker, live feed) always starts a fresh one: a crashed
    /// rehearsal is not resumed, since its bars are gone.
    private func openJournal(
        paths: RunPaths, environment: String, fingerprint: String, fresh: Bool, kind: RunJournalKind = .replay,
        progress: @Sendable (RunProgress) -> Void = { _ in }
    ) async throws -> (SQLiteJournal, RunResumption?) {
        let path = paths.journal
        try PaperBroker.checkBookFile(at: paths.paperBook)
        switch SQLiteJournal.inspect(path: path) {
        case .absent:
            break
        case .foreign(let found):
            throw JournalError.notAJournal(path: path, found: found)
        case .journal(let record):
            guard record.environment == environment else {
                throw JournalError.notAJournal(path: path, found: "the journal of environment '\(record.environment)'")
            }
            if kind == .continued {
                let journal = try SQLiteJournal(path: path, configuration: Self.journalConfiguration)
                try await journal.continueRun(fingerprint: fingerprint)
                if fresh { progress(.note("--fresh does not replace a journal of trades at a real broker: \(path) is continued")) }
                return (journal, nil)
            }
            if kind == .rehearsal, record.finishedAt == nil {
                progress(.note("the last rehearsal on a live feed did not finish; this one starts afresh"))
            } else if !fresh, record.finishedAt == nil {
                guard record.fingerprint == fingerprint else {
                    throw RunError(
                        "\(path) holds an unfinished run of environment '\(record.environment)' made with other "
                            + "configuration files or data (\(record.fingerprint)), not this one (\(fingerprint)); "
                            + "run with --fresh to discard it")
                }
                let journal = try SQLiteJournal(path: path, configuration: Self.journalConfiguration)
                return (journal, try RunResumption(journal: journal))
            }
            try SQLiteJournal.removeOwnJournal(at: path, environment: environment)
        }
        try PaperBroker.removeOwnBook(at: paths.paperBook)
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
