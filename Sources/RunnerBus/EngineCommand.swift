/// An operator's command to a running engine, applied between events and journaled with its reason and
/// where it came from.
public struct EngineCommand: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// No new risk; working orders cancelled, scheduled slices dropped.
        case halt
        /// Only reductions pass.
        case reduce
        /// Back to active trading.
        case resume
        /// Halt, cancel every working order, then close every position with orders that pass the gate as reductions.
        case flatten
        /// Report the run's state; changes nothing.
        case status
        /// The kill switch: halt (kept across restarts), cancel every open order at the broker and close every
        /// position there at the market, then confirm with the broker that nothing is open or held.
        case kill
    }

    public var kind: Kind
    public var reason: String
    /// Who sent it (a command line with its process id and user, a dashboard, a watchdog).
    public var origin: String

    public init(_ kind: Kind, reason: String, origin: String) {
        self.kind = kind
        self.reason = reason
        self.origin = origin
    }
}
