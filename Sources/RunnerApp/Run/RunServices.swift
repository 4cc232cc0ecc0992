import RunnerConfig
import RunnerCore
import RunnerEngine
import ServiceLifecycle

/// What a service that runs beside the engine can use.
struct RunServiceContext: Sendable {
    var environment: EnvironmentConfig
    var paths: RunPaths
    /// Commands for the running engine (a control socket, a dashboard, a watchdog send them here).
    var inbox: CommandInbox
    /// Where a service raises what an operator must see (standard error until the alert dispatcher is plugged in).
    var alerts: any AlertRaising = StandardErrorAlerts()
}

extension Workspace {
    /// The services that run beside the engine, started after the journal and before the engine, stopped
    /// in reverse: each entry builds one, or nil when the environment does not use it. A new service (a
    /// heartbeat, the watchdog, metrics) is one more entry here.
    static let runServices: [@Sendable (RunServiceContext) -> (any Service)?] = [
        { ClockCheckService.forRun($0) },
    ]
}
