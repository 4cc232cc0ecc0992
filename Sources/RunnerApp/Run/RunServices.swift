import Foundation
import RunnerConfig
import RunnerHealth
import RunnerJournaling
import RunnerCore
import RunnerEngine
import ServiceLifecycle

/// What a service that runs beside the engine can use.
struct RunServiceContext: Sendable {
    var environment: EnvironmentConfig
    var paths: RunPaths
    /// Commands for the running engine (a control socket, a dashboard, a watchdog send them here).
    var inbox: CommandInbox
    /// The latest heartbeat of each component of the run.
    var heartbeats: HeartbeatBoard
    /// The run's journal.
    var journal: any Journal
    /// The config root, for a service that acts as a command would (the watchdog's kill switch).
    var root: String
    /// Where a service raises what an operator must see: the run's alert dispatcher (journal, log, sinks).
    var alerts: any AlertRaising
}

extension Workspace {
    /// The services that run beside the engine, started after the journal and before the engine, stopped
    /// in reverse: each entry builds one, or nil when the environment does not use it. A new service (a
    /// heartbeat, the watchdog, metrics) is one more entry here.
    static let runServices: [@Sendable (RunServiceContext) -> (any Service)?] = [
        { context in
            let environment = context.environment
            return WatchdogService(
                silence: environment.watchdogSignalSilence.wholeMilliseconds,
                heartbeatInterval: environment.heartbeat.wholeMilliseconds, board: context.heartbeats,
                kill: { reason in
                    context.alerts.raise(OperatorAlert(
                        kind: .watchdog, severity: .critical, message: "the kill switch fires: " + reason,
                        environment: environment.name, at: Int64(Date().timeIntervalSince1970 * 1000)))
                    // `runner kill` as a process of its own: it asks this run's engine first; when the engine does
                    // not answer, it stops this process (an engine that wakes must never trade on the state it
                    // had) and acts at the broker, which no code in this process could do safely.
                    await RunKillProcess.run(root: context.root, environment: environment.name, reason: "watchdog: " + reason)
                },
                alert: { message in
                    context.alerts.raise(OperatorAlert(
                        kind: .heartbeat, severity: message.contains("again") ? .info : .warning, message: message,
                        environment: environment.name, at: Int64(Date().timeIntervalSince1970 * 1000)))
                },
                record: { context.journal.record(.heartbeat($0)) })
        },
        { ClockCheckService.forRun($0) },
    ]
}
