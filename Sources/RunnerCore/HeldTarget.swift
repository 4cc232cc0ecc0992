/// A target the strategy's ``RebalanceThreshold`` held back: no decision, no order, and the strategy's
/// approved target stays as it was.
public struct HeldTarget: Sendable, Hashable {
    /// What the strategy asked for.
    public var target: TargetPosition
    /// The strategy's approved target for the symbol when it asked, signed (negative short, 0 when none).
    public var currentSize: Int64
    public var reason: RebalanceThreshold.HoldReason

    public init(target: TargetPosition, currentSize: Int64, reason: RebalanceThreshold.HoldReason) {
        self.target = target
        self.currentSize = currentSize
        self.reason = reason
    }
}
