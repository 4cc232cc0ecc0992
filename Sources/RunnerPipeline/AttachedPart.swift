import RunnerConfig

/// Whether a part of the pipeline runs in this version or is only configured.
public enum PartStatus: Sendable, Hashable {
    case running
    /// Accepted, checked and drawn, but nothing in this version runs it: `runner graph` draws it as
    /// "configured, not running" and `runner validate` warns where it is set.
    case configuredNotRunning
}

/// A part attached beside the stages (bus, clock check, reconciliation, watchdog, heartbeat,
/// dashboard, alert sinks), with the figures it was configured with and whether it runs.
public struct AttachedPart: Sendable {
    /// The kinds of attached part, named by their key in the environment file.
    public enum Kind: String, Sendable, CaseIterable {
        case bus, clock, reconciliation, watchdog, heartbeat, dashboard, alerts

        /// What the part is, for sentences.
        public var noun: String {
            switch self {
            case .bus: "Redis Streams bus between processes"
            case .clock: "clock check against NTP"
            case .reconciliation: "broker-versus-journal reconciliation"
            case .watchdog: "heartbeat watchdog"
            case .heartbeat: "stage heartbeat"
            case .dashboard: "dashboard"
            case .alerts: "alert sinks"
            }
        }

    }

    public var kind: Kind
    /// The configured figures, such as `every 1m (alert > 0.05%, flatten > 0.5%)`.
    public var settings: String
    /// Whether this version runs the part as configured. The in-process bus (`bus: memory`), the clock check
    /// (when it names at least one server), reconciliation, the watchdog, heartbeats and alerts run; a bus
    /// between processes (`redis://`) and the dashboard do not run yet.
    public var status: PartStatus

    public init(kind: Kind, settings: String, status: PartStatus = .configuredNotRunning) {
        self.kind = kind
        self.settings = settings
        self.status = status
    }

    /// `reconciliation every 1m (...)`, with `(configured, not running)` when it does not run.
    public var description: String {
        "\(kind.rawValue) \(settings)" + (status == .running ? "" : " (configured, not running)")
    }

    /// The attached parts of an environment, in the order of ``Kind``.
    public static func parts(of environment: EnvironmentConfig) -> [AttachedPart] {
        Kind.allCases.map { kind in
            let settings: String
            var status = PartStatus.configuredNotRunning
            switch kind {
            case .bus:
                switch environment.bus {
                case .memory:
                    settings = "memory (in-process: signals -> risk -> router -> broker)"
                    status = .running
                case .redis(let url): settings = url
                }
            case .clock:
                let clock = environment.clock
                let servers = clock.servers.isEmpty ? "no servers" : clock.servers.map(\.description).joined(separator: ", ")
                settings = "against \(servers) every \(clock.checkInterval.configText), max offset "
                    + clock.maxOffset.configText
                // Preflight measures it and a run re-checks it; with no server there is nothing to ask.
                if !clock.servers.isEmpty { status = .running }
            case .reconciliation:
                let reconciliation = environment.reconciliation
                settings = "every \(reconciliation.interval.configText) (alert > \(reconciliation.alertAbove), "
                    + "flatten > \(reconciliation.flattenAbove))"
                // RunnerReconciliation: checked before the first order and every interval of the run's clock.
                status = .running
            case .watchdog:
                settings = "after \(environment.watchdogSignalSilence.configText) of signal silence (in the run; "
                    + "`runner watchdog` as a process of its own)"
                status = .running
            case .heartbeat:
                settings = "every \(environment.heartbeat.configText) (journal heartbeats table, runner status)"
                status = .running
            case .dashboard: settings = "on \(environment.dashboard)"
            case .alerts:
                settings = alertSettings(environment.alerts)
                status = .running
            }
            return AttachedPart(kind: kind, settings: settings, status: status)
        }
    }

    /// `to the journal and the log; webhook $RUNNER_ALERT_WEBHOOK, command scripts/page.sh --team trading
    /// (warning and above, 5 attempts, timeout 10s)`.
    static func alertSettings(_ alerts: AlertsConfig) -> String {
        var sinks: [String] = []
        if let variable = alerts.webhookURLVariable { sinks.append("webhook $\(variable.value)") }
        if !alerts.command.isEmpty { sinks.append("command " + alerts.command.map(\.value).joined(separator: " ")) }
        guard !sinks.isEmpty else { return "to the journal and the log; no sink" }
        return "to the journal and the log; " + sinks.joined(separator: ", ")
            + " (\(alerts.minimumSeverity.rawValue) and above, \(alerts.attempts) attempt\(alerts.attempts == 1 ? "" : "s"), "
            + "timeout \(alerts.timeout.configText))"
    }
}
