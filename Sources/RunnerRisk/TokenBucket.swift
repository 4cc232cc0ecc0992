/// At most `perMinute` orders per minute, refilled continuously, on an injected clock.
///
/// Counted in integer units (one order is 60,000 units, and a millisecond refills `perMinute` of them),
/// so refills are exact; a clock that steps back restarts the refill from the new time instead of
/// freezing the bucket until the clock catches up.
struct TokenBucket: Sendable {
    private let perMinute: Int64
    private let capacity: Int64
    private var units: Int64
    private var lastRefill: Int64?

    /// The largest rate counted: a bucket's units (up to twice its capacity while refilling) stay far
    /// inside `Int64`. A higher rate, over a billion orders a second, limits nothing anyway.
    static let maximumPerMinute: Int64 = Int64.max / (4 * 60_000)

    init(perMinute: Int) {
        self.perMinute = min(Int64(max(0, perMinute)), Self.maximumPerMinute)
        capacity = self.perMinute * 60_000
        units = capacity
    }

    /// Takes one order's worth at `now` (milliseconds); false when not enough is left.
    mutating func take(now: Int64) -> Bool {
        refill(now: now)
        guard units >= 60_000 else { return false }
        units -= 60_000
        return true
    }

    private mutating func refill(now: Int64) {
        if let lastRefill, now > lastRefill {
            let elapsed = min(now - lastRefill, 60_000)  // a full minute refills everything
            units = min(capacity, units + elapsed * perMinute)
        }
        lastRefill = now
    }
}
