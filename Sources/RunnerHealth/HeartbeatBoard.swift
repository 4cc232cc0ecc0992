import RunnerCore

/// The latest heartbeat of each component in this process, for `runner status` and the in-run watchdog,
/// which read it from other tasks than the run loop that writes it.
public final class HeartbeatBoard: Sendable {
    private let latest = Locked<[Heartbeat.Component: Heartbeat]>([:])

    public init() {}

    public func post(_ heartbeat: Heartbeat) { latest.withLock { $0[heartbeat.component] = heartbeat } }

    /// The latest heartbeat of each component, in the components' order.
    public var heartbeats: [Heartbeat] {
        latest.withLock { board in board.keys.sorted().compactMap { board[$0] } }
    }
}

/// How `runner status` judges a heartbeat: stale when its component said it runs and sent nothing for more
/// than two intervals and a second (one late heartbeat is not yet a problem; two are).
public enum HeartbeatAge {
    public static func isStale(_ heartbeat: Heartbeat, now wall: Int64, interval: Int64) -> Bool {
        heartbeat.state == .running && wall - heartbeat.wall > 2 * interval + 1_000
    }
}
