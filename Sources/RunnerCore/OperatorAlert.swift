/// Something a person must see: a reconciliation mismatch, a silent component, a clock that drifted, a
/// halt, a kill, a lost broker connection. Raised by the part that noticed it, through an
/// ``AlertRaising``; the run journals it, logs it and hands it to the environment's alert sinks.
public struct OperatorAlert: Sendable, Hashable {
    /// What kind of event raised it, for routing and for the operator's runbook (README, "When an alert fires").
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case reconciliation, watchdog, clock, halt, kill, broker, heartbeat, feed
    }

    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        case info, warning, critical

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .critical: 2
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }

    public var kind: Kind
    public var severity: Severity
    /// One or two sentences: what happened and what was done about it.
    public var message: String
    /// The environment it happened in (`paper`, `live`): an operator must never mistake one for the other.
    public var environment: String
    /// When, in milliseconds since the epoch, on the clock of the part that raised it (a replay's clock in a replay).
    public var at: Int64

    public init(kind: Kind, severity: Severity, message: String, environment: String, at: Int64) {
        self.kind = kind
        self.severity = severity
        self.message = message
        self.environment = environment
        self.at = at
    }
}

/// Where a part raises an alert. Returns at once: delivering it (journal, log, webhook, paging command)
/// never blocks trading.
public protocol AlertRaising: Sendable {
    func raise(_ alert: OperatorAlert)
}
