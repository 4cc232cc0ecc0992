/// A component saying it is alive: who, where, how many times so far, and how far behind it is.
///
/// Two times, because two kinds of reader ask two questions. `at` is on the run's clock (a replay's clock
/// in a replay, so a test knows exactly which heartbeats a replay makes); `wall` is the host's wall clock
/// when it was sent, which a watchdog in another process compares with its own to tell a frozen run from a
/// quiet one.
public struct Heartbeat: Sendable, Hashable, Codable {
    /// The parts of a run that heartbeat, by the names the journal, the log and `runner status` use.
    public enum Component: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case signalEngine = "signal_engine"
        case riskGate = "risk_gate"
        case router
        case broker
        case journal
        case reconciliation
        case watchdog

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// `running` while the component works; `stopped` once, when it ends on purpose (a replay reached the
    /// end of its data, an operator stopped the run), so a watchdog does not take a finished run for a frozen one.
    public enum State: String, Sendable, Hashable, Codable {
        case running, stopped
    }

    public var component: Component
    public var processID: Int32
    public var host: String
    /// 1 for the component's first heartbeat in this process, then one more each time.
    public var sequence: Int64
    /// When it was sent, on the run's clock (ms since the epoch).
    public var at: Int64
    /// When it was sent, on the host's wall clock (ms since the epoch).
    public var wall: Int64
    /// The time of the latest event the component processed (a bar, a decision, an order, a report, a
    /// committed entry, a check), on the run's clock; nil before its first.
    public var latestEvent: Int64?
    /// `at - latestEvent` in ms: how far behind the clock its work is (nil before its first event).
    public var lag: Int64? { latestEvent.map { at - $0 } }
    public var state: State

    public init(component: Component, processID: Int32, host: String, sequence: Int64, at: Int64, wall: Int64,
                latestEvent: Int64?, state: State = .running) {
        self.component = component
        self.processID = processID
        self.host = host
        self.sequence = sequence
        self.at = at
        self.wall = wall
        self.latestEvent = latestEvent
        self.state = state
    }
}
