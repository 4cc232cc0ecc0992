import RunnerCore

/// What the run does after a reconciliation: the check decides, the engine performs it.
public enum ReconciliationAction: Sendable, Hashable {
    /// Nothing to do: clean, or the same finding already raised.
    case none
    /// Raise the alert and keep trading (a live environment holds orders while ``ReconciliationCheck/mayTrade`` is false).
    case alert(OperatorAlert)
    /// Raise the alert, page, and fire the kill switch: halt, cancel every working order, close every position.
    case flatten(OperatorAlert)

    /// The alert to raise, if any.
    public var alert: OperatorAlert? {
        switch self {
        case .none: nil
        case .alert(let alert), .flatten(let alert): alert
        }
    }
}

/// The outcome of the check that runs before the first order (at start, and again after a reconnect).
public struct InitialReconciliation: Sendable, Hashable {
    /// The comparison, or why none could be made.
    public var result: Result<ReconciliationReport, ReconciliationError>
    /// What to do about it (as for any check).
    public var action: ReconciliationAction
    /// Whether the run may send orders. Live: only when the comparison was made and its verdict is not
    /// `.flatten`; a live run does not trade while reconciliation fails. Paper: always (a replay goes on,
    /// and a `.flatten` action still fires the kill switch).
    public var mayTrade: Bool
}
