import RunnerConfig

/// Whether a part of the pipeline runs in this version or is only configured.
public enum PartStatus: Sendable, Hashable {
    case running
    /// Accepted, checked and drawn, but nothing in this version runs it: `runner graph` draws it as
    /// "configured, not running" and `runner validate` warns where it is set.
    case configuredNotRunning
}

/// A part attached beside the stages (bus, clock check, reconciliation, watchdog, heartbeat,
/// dashboard), with the figures it was configured with and whether it runs.
public struct AttachedPart: Sendable {
    /// The kinds of attached part, named by their key in the environment file.
    public enum Kind: String, Sendable, CaseIterable {
        case bus, clock, reconciliation, watchdog, heartbeat, dashboard

        /// What the part is, for sentences.
        public var noun: String {
            switch self {
            case .bus: "Redis Streams bus between processes"
            case .clock: "clock check against NTP"
            case .reconciliation: "broker-versus-journal reconciliation"
            case .watchdog: "heartbeat watchdog"
            case .heartbeat: "stage heartbeat"
            case .dashboard: "dashboard"
            }
        }

    }

    public var kind: Kind
    /// The configured figures, such as `every 1m (alert > 0.05%, flatten > 0.5%)`.
    public var settings: String
    /// Whether this version runs the part as configured. The in-process bus runs (`bus: memory`), and so
    /// does the clock check when it names at least one server; a bus between processes (`redis://`),
    /// reconciliation, the watchdog, heartbeats and the dashboard do not run yet.
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
            case .watchdog: settings = "after \(environment.watchdogSignalSilence.configText) of signal silence"
            case .heartbeat: settings = "every \(environment.heartbeat.configText)"
            case .dashboard: settings = "on \(environment.dashboard)"
            }
            return AttachedPart(kind: kind, settings: settings, status: status)
        }
    }
}
