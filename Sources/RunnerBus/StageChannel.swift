/// A named stream of messages between stages. A bus between processes maps each to its own stream
/// (one per environment), with a consumer group per stage.
public enum StageChannel: Int, Sendable, Hashable, CaseIterable {
    case clock
    case targets
    case decisions
    case orders
    case executions
    case control
    case commands
    case replies

    public var name: String {
        switch self {
        case .clock: "clock"
        case .targets: "targets"
        case .decisions: "decisions"
        case .orders: "orders"
        case .executions: "executions"
        case .control: "control"
        case .commands: "commands"
        case .replies: "replies"
        }
    }
}
