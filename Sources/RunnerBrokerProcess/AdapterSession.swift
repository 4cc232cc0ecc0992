import RunnerBroker

/// Why a request got no result.
enum CallFailure: Error, Sendable, Hashable {
    /// The process ended, or was ended for a problem, before it replied; the reason says why.
    case ended(String)
    /// No reply within the bound.
    case timedOut(Duration)
    /// The reply had the wrong shape.
    case violation(String)
    /// The adapter answered with an error.
    case refused(code: String, message: String)
    /// The caller's task was cancelled while it waited.
    case cancelled
    /// The adapter is not connected (restarting, never connected, closed); with the reason when it failed for good.
    case notConnected(failure: String?)

    /// What the caller of `op` sees (docs/PROCESS_ADAPTER.md, "What the runner does"): a submit whose
    /// outcome cannot be known is `outcomeUnknown`, so the order is looked up before any resend.
    func brokerError(op: String, clientOrderID: String?) -> BrokerError {
        switch self {
        case .ended: return .disconnected
        case .notConnected(let failure):
            return failure.map { .adapterFailure("the adapter failed for good: \($0)") } ?? .disconnected
        case .timedOut(let bound):
            if op == "submit", let clientOrderID { return .outcomeUnknown(clientOrderID: clientOrderID) }
            return .adapterFailure("no reply to \(op) within \(bound.shortText)")
        case .violation(let reason):
            if op == "submit", let clientOrderID { return .outcomeUnknown(clientOrderID: clientOrderID) }
            return .adapterFailure(reason)
        case .cancelled:
            if op == "submit", let clientOrderID { return .outcomeUnknown(clientOrderID: clientOrderID) }
            return .adapterFailure("the \(op) call was cancelled before the adapter replied")
        case .refused(let code, let message):
            let id = clientOrderID ?? ""
            switch code {
            case "duplicate_client_order_id": return .duplicateClientOrderID(id)
            case "unknown_order": return .unknownOrder(id)
            case "rejected": return .rejected(clientOrderID: id, reason: message)
            case "disconnected": return .disconnected
            case "outcome_unknown": return .outcomeUnknown(clientOrderID: id)
            case "bad_request": return .adapterFailure("the adapter refused \(op) as a bad request: \(message)")
            default: return .adapterFailure("\(op) failed: \(code): \(message)")
            }
        }
    }
}

/// The adapter's state behind its lock: which process is current, where the connection stands, the
/// requests waiting for replies and the failure budget. The owner does the I/O around it.
struct AdapterSession: Sendable {
    enum Phase: Sendable, Hashable {
        case idle
        /// Started, `hello` not answered yet; `initial` while `connect()` waits (failures go to it, not the policy).
        case starting(initial: Bool)
        case connected
        /// Waiting out the backoff before a restart.
        case restarting
        case failed(String)
        case closing
        case closed
    }

    struct Pending: Sendable {
        var op: String
        var completion: @Sendable (Result<JSONValue, CallFailure>) -> Void
    }

    var phase = Phase.idle
    var child: ChildProcess?
    /// Counts the processes started; callbacks of an older one are ignored.
    var generation = 0
    var nextID: Int64 = 0
    var pending: [Int64: Pending] = [:]
    /// Ids whose caller stopped waiting (cancelled): a late reply to one is dropped, not a violation.
    var abandoned: Set<Int64> = []
    var budget: RestartBudget
    /// Whether `.lost` was sent for the outage in progress (one per outage, however many restarts fail).
    var lostReported = false
    var adapterName: String?

    init(policy: FailurePolicy) { budget = RestartBudget(policy: policy) }

    /// Whether a request may go to the current process now (`hello` while it starts).
    func accepts(op: String) -> Bool {
        switch phase {
        case .connected: true
        case .starting: op == "hello"
        case .closing: op == "shutdown"
        default: false
        }
    }

    /// Takes every waiting request (to fail them) and forgets the process.
    mutating func detach() -> (ChildProcess?, [Pending]) {
        defer {
            child = nil
            pending = [:]
            abandoned = []
        }
        return (child, Array(pending.values))
    }
}
