import Foundation
import RunnerBus
import RunnerClock
import RunnerCore
import ServiceLifecycle

/// The clock check while a run goes on: every `interval` of wall time it measures the clock again and
/// does what ``ClockWatch`` says (live: halt trading through the engine's inbox, origin "clock check",
/// and raise a critical `.clock` alert; paper: a warning). Stops on graceful shutdown, at once.
public struct ClockCheckService: Service {
    /// Who a halt says it came from, in the journal and `runner status`.
    public static let origin = "clock check"

    let interval: Duration
    let environment: String
    let mode: TradingMode
    let alerts: any AlertRaising
    let measure: @Sendable () async -> ClockVerdict
    let halt: @Sendable (EngineCommand) async -> Void

    /// - Parameters:
    ///   - measure: one clock check (``ClockCheck/measure()`` in a run).
    ///   - halt: sends the halt to the engine and waits for it to be taken.
    public init(
        interval: Duration, environment: String, mode: TradingMode, alerts: any AlertRaising,
        measure: @escaping @Sendable () async -> ClockVerdict, halt: @escaping @Sendable (EngineCommand) async -> Void
    ) {
        self.interval = interval
        self.environment = environment
        self.mode = mode
        self.alerts = alerts
        self.measure = measure
        self.halt = halt
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                var watch = ClockWatch(mode: mode)
                while true {
                    // Preflight measured the clock just before the run started: the first re-check is one interval on.
                    try await Task.sleep(for: interval)
                    let verdict = await measure()
                    try Task.checkCancellation()
                    for action in watch.observe(verdict) { await perform(action) }
                }
            }
        } catch is CancellationError {
            // Graceful shutdown: nothing left to check.
        }
    }

    private func perform(_ action: ClockWatch.Action) async {
        switch action {
        case .halt(let reason):
            await halt(EngineCommand(.halt, reason: reason, origin: Self.origin))
        case .alert(let severity, let message):
            alerts.raise(OperatorAlert(kind: .clock, severity: severity, message: message, environment: environment,
                                       at: Int64(Date().timeIntervalSince1970 * 1000)))
        }
    }
}

extension ClockCheckService {
    /// The run's clock check, or nil when the environment names no NTP server (a live environment without
    /// one never gets past preflight).
    static func forRun(_ context: RunServiceContext) -> ClockCheckService? {
        let check = Workspace.clockCheck(context.environment)
        guard !check.servers.isEmpty else { return nil }
        let inbox = context.inbox
        return ClockCheckService(
            interval: context.environment.clock.checkInterval, environment: context.environment.name,
            mode: context.environment.mode.value, alerts: context.alerts,
            measure: { await check.measure() },
            halt: { command in _ = await inbox.send(command, patience: Workspace.controlTimeout) })
    }
}
