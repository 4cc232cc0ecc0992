/// The time of the latest event each stage of this process handled, on the run's clock: what its
/// heartbeat reports as `latestEvent`. Plain stores on the run loop, cheap enough for every message.
public struct StageActivity: Sendable, Hashable {
    /// A bar ingested or a decision tick evaluated.
    public var signalEngine: Int64?
    /// Targets decided, a command applied, a report taken.
    public var riskGate: Int64?
    /// An approved target routed or slices released.
    public var router: Int64?
    /// An order sent or cancelled, a report taken, a lookup made.
    public var broker: Int64?

    public init() {}
}
