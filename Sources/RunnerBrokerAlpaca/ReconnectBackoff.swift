/// The pauses between attempts to reconnect a dropped stream: the initial delay, doubled after each failed
/// attempt up to the maximum, back to the initial delay once a connection is restored.
struct ReconnectBackoff: Sendable, Hashable {
    let initial: Duration
    let maximum: Duration
    private(set) var next: Duration
    /// Failed attempts since the last restored connection.
    private(set) var failures = 0

    init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        next = initial
    }

    /// The pause before the next attempt; the one after it is twice as long, up to the maximum.
    mutating func delay() -> Duration {
        let delay = next
        next = min(next * 2, maximum)
        failures += 1
        return delay
    }

    /// A connection was restored: the next drop starts over at the initial delay.
    mutating func reset() {
        next = initial
        failures = 0
    }
}
