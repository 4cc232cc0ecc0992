import RunnerBroker
import RunnerCore
import RunnerRisk

/// What the stages of a run hand each other: value types only, so a bus can carry them between tasks,
/// processes or hosts. Market data is not among them: each stage reads the feed itself.
public enum StageMessage: Sendable, Hashable {
    /// The clock reached this time (milliseconds since the epoch): slices due are released, lost answers
    /// looked up. From the run loop, after the tick's targets.
    case time(Int64)
    /// The data ended at this time: slices due are released one last time; nothing is looked up.
    case endOfData(at: Int64)
    /// Signal engine -> risk gate: one decision tick's targets.
    case targets([TargetPosition], at: Int64)
    /// Risk gate -> order router: the gate's answer to a target. Only approved ones are routed; `route`
    /// says whether over the routing algorithm or at once (a flatten's closing orders).
    case decision(RiskDecision, route: Route, at: Int64)
    /// Order router -> broker: an order to send, or a symbol's working orders to cancel.
    case order(OrderInstruction)
    /// Broker -> everyone who keeps a book: what the broker says about an order.
    case execution(ExecutionReport)
    /// Broker -> risk gate: the broker refused to take an order (not a rejection reported later): the
    /// symbol's next target is decided again.
    case submissionFailed(ChildOrder, reason: String, at: Int64)
    /// Risk gate or run loop -> every stage: trading stopped (a halt, reduce-only, a flatten, the end of
    /// the run). Targets are forgotten, scheduled slices dropped, working orders cancelled.
    case stopTrading(at: Int64)
    /// Risk gate -> broker: the kill switch: cancel and close everything at the broker, and confirm.
    case killAtBroker(at: Int64)
    /// Broker -> risk gate: what the kill switch did at the broker.
    case brokerFlattened(BrokerFlattening.Outcome, at: Int64)
    /// Operator -> risk gate.
    case command(EngineCommand, at: Int64)
    /// Risk gate -> operator: what a command did, in words.
    case commandApplied(EngineCommand, outcome: String)

    /// How an approved target is routed.
    public enum Route: String, Sendable, Hashable {
        /// By the routing rules: direct, TWAP or VWAP slices released at their due times.
        case scheduled
        /// One order, released at once (a flatten's closing orders).
        case immediately
    }

    /// The channel the message travels on.
    public var channel: StageChannel {
        switch self {
        case .time, .endOfData: .clock
        case .targets: .targets
        case .decision: .decisions
        case .order: .orders
        case .execution, .submissionFailed, .brokerFlattened: .executions
        case .stopTrading, .killAtBroker: .control
        case .command: .commands
        case .commandApplied: .replies
        }
    }
}

/// What the order router asks of the broker stage.
public enum OrderInstruction: Sendable, Hashable {
    /// Send this order (idempotently, by its client order id).
    case send(ChildOrder, at: Int64)
    /// Cancel every working order of the symbol: a new target replaces them.
    case cancelWorking(Symbol, at: Int64)
}
