/// Paces a replay at a multiple of real time (`market_data.speed: 10x`): the market time between two
/// bars becomes wall time divided by the multiple. A gap longer than `longestGap` (a night, a weekend)
/// is skipped rather than waited out. `max` needs no pacer (`market_data.speed` is parsed by the loader).
public struct ReplayPacer: Sendable {
    /// The multiple of real time: 10 replays ten market minutes per wall minute.
    public let speed: Double
    /// Market milliseconds beyond which a gap between bars is not waited for.
    let longestGap: Int64
    private var anchor: (market: Int64, wall: Duration)?
    private var lastTimestamp: Int64?

    public init(speed: Double, longestGap: Int64 = 3_600_000) {
        self.speed = speed
        self.longestGap = longestGap
    }

    /// How long to wait before the bar at `timestamp`, given the wall time elapsed since the replay began.
    public mutating func delay(before timestamp: Int64, elapsed: Duration) -> Duration {
        defer { lastTimestamp = max(lastTimestamp ?? timestamp, timestamp) }
        guard let anchor, let lastTimestamp, timestamp - lastTimestamp <= longestGap else {
            // The first bar, or the first after a long gap: time starts again from here.
            self.anchor = (timestamp, elapsed)
            return .zero
        }
        let due = anchor.wall + .milliseconds(Double(timestamp - anchor.market) / speed)
        return due > elapsed ? due - elapsed : .zero
    }
}
