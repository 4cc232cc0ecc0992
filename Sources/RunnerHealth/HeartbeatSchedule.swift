/// When heartbeats are due, on whatever clock the caller reads: a pure value, so a replay's heartbeats fall
/// at exact times of its clock and a test can name them.
///
/// Heartbeats fall on multiples of the interval (the first at the first multiple at or after the first
/// time seen). A clock that jumps (a replay crossing a night) gives one heartbeat at the jump, not one for
/// every interval it skipped: a heartbeat says the component is alive now, and catching up says nothing more.
public struct HeartbeatSchedule: Sendable, Hashable {
    /// Milliseconds between heartbeats.
    public let interval: Int64
    /// The next time a heartbeat is due; nil before the first time seen.
    public private(set) var nextDue: Int64?

    public init(interval: Int64) {
        precondition(interval > 0, "a heartbeat interval is positive (the loader refuses others)")
        self.interval = interval
    }

    /// Whether a heartbeat is due at `now`; when it is, the next one is scheduled.
    public mutating func isDue(at now: Int64) -> Bool {
        guard let due = nextDue else {
            nextDue = Self.ceiling(now, interval)
            return isDue(at: now)
        }
        guard now >= due else { return false }
        // The next multiple after now: one heartbeat for a jump, however long.
        nextDue = Self.floor(now, interval) + interval
        return true
    }

    private static func floor(_ value: Int64, _ step: Int64) -> Int64 {
        let remainder = value % step
        return remainder >= 0 ? value - remainder : value - remainder - step
    }

    private static func ceiling(_ value: Int64, _ step: Int64) -> Int64 {
        let down = floor(value, step)
        return down == value ? value : down + step
    }
}
