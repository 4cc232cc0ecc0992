import Foundation
import RunnerBrokerPaper
import RunnerConfig
import RunnerCore
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
        guard environment.mode.value == .paper, environment.broker.adapter.value == "paper" else {
            return CommandOutput(
                standardError: "run: environment '\(name)' uses the '\(environment.broker.adapter.value)' adapter; "
                    + "only the paper broker can run in this version\n",
                exitCode: .configurationErrors)
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
        let journalPath = ConfigDirectory(root: root).displayPath(environment.journalPath)
        let bookPath = Self.paperBookPath(journalPath: journalPath)
        let policy = BadRowPolicy(rawValue: environment.marketData.settings["on_bad_row"]?.value ?? "skip") ?? .skip
        let dataPath = ConfigDirectory(root: root).displayPath(environment.marketData.settings["path"]?.value ?? "data")
        let fingerprint = "strategies=\(strategies.map(\.name).joined(separator: ",")); data=\(dataPath)"
        let (journal, resumption) = try await openJournal(
            at: journalPath, bookPath: bookPath, environment: environment.name, fingerprint: fingerprint, fresh: fresh)
        let tradingState = resumption?.recovered.tradingState
        let limits = RiskLimits(limits)
        let brokerSettings = paperSettings(environment, startingCash: startingCash)
        let returnWindow = configuration.limits(for: environment)?.correlationLookback.value ?? 390
        let replay = ReplayService(journal: journal, progressEvery: progressEvery, progress: progress,
                                   speed: environment.marketData.settings["speed"]?.value ?? "max", wallClock: { Int64(Date().timeIntervalSince1970 * 1000) }) {
            let time = ManualTimeSource(milliseconds: 0)
            let run = PaperRun(
                engine: SignalEngine(strategies: strategies, equity: startingCash),
                gate: try RiskGate(limits: limits, time: time, store: MemoryTradingStateStore(tradingState)),
                router: OrderRouter(environment: environment.name, rules: RoutingRules(environment.routing), time: time),
                broker: try PaperBroker(settings: brokerSettings, time: time, bookPath: bookPath), time: time,
                journal: journal, market: MarketState(returnWindow: returnWindow), startingCash: startingCash)
            return ReplayService.Parts(run: run, source: try CSVMarketDataSource(path: dataPath, policy: policy),
                                       resumption: resumption)
        }
        // Started in this order and stopped in reverse: the replay stops first, the journal commits last.
        var group = ServiceGroupConfiguration(
            services: [
                .init(service: JournalService(journal: journal)),
                .init(service: replay, successTerminationBehavior: .gracefullyShutdownGroup),
            ],
            logger: Logger(label: "runner.run"))
        group.gracefulShutdownSignals = [.sigterm, .sigint]
        try await ServiceGroup(configuration: group).run()
        try await journal.close()
        guard let result = replay.result else { throw RunError("the replay ended without a summary") }
        var summary = result.summary
        let reports = result.reports
        summary.skippedRows = result.skipped
        summary.seconds = Date().timeIntervalSince(started)
        for report in reports { progress(.note(report)) }
        return summary
    }

    /// The run's journal: batches of up to 4,096 entries or 50 ms, each synced; the replay waits for the
    /// writer beyond 16,384 waiting entries, so memory stays flat when the disk is the slower.
    static let journalConfiguration = SQLiteJournal.Configuration(batchSize: 4_096, capacity: 16_384, commitsWholeUnits: true)

    /// The paper broker's book file: beside the journal, since both belong to one run.
    static func paperBookPath(journalPath: String) -> String {
        URL(fileURLWithPath: journalPath).deletingLastPathComponent().appendingPathComponent("paper-book.tsv").path
    }

    /// The journal to write: the crashed run's, to resume (with what it committed), or a new one.
    private func openJournal(
        at path: String, bookPath: String, environment: String, fingerprint: String, fresh: Bool
    ) async throws -> (SQLiteJournal, RunResumption?) {
        if !fresh, FileManager.default.fileExists(atPath: path) {
            let journal = try SQLiteJournal(path: path, configuration: Self.journalConfiguration)
            if let record = try journal.runRecord(), record.finishedAt == nil {
                guard record.environment == environment, record.fingerprint == fingerprint else {
                    try await journal.close()
                    throw RunError(
                        "\(path) holds an unfinished run of environment '\(record.environment)' (\(record.fingerprint)), "
                            + "not of this configuration (\(fingerprint)); run with --fresh to discard it")
                }
                return (journal, try RunResumption(journal: journal))
            }
            try await journal.close()
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try? FileManager.default.removeItem(atPath: bookPath)
        let journal = try SQLiteJournal(path: path, configuration: Self.journalConfiguration)
        try await journal.beginRun(environment: environment, fingerprint: fingerprint,
                                   at: Int64(Date().timeIntervalSince1970 * 1000))
        return (journal, nil)
    }

    private func paperSettings(_ environment: EnvironmentConfig, startingCash: Money) -> PaperBrokerSettings {
        let settings = environment.broker.settings
        func ratio(_ key: String, _ parse: (String) -> Result<Ratio, UnitError>) -> Double? {
            settings[key].flatMap { try? parse($0.value).get().value }
        }
        let latency = settings["latency"].flatMap { try? UnitParser.duration($0.value).get() }
        return PaperBrokerSettings(
            latency: latency.map { $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000 } ?? 0,
            slippage: ratio("slippage", UnitParser.basisPoints) ?? 0,
            maxParticipation: ratio("max_participation", UnitParser.ratio) ?? 1,
            feeRate: ratio("fees", UnitParser.basisPoints) ?? 0, startingCash: startingCash)
    }
}

struct RunError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
