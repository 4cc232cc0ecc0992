/// At most `capacity` orders per minute, refilled continuously, on an injected clock.
struct TokenBucket: Sendable {
    let capacity: Double
    private var tokens: Double
    private var lastRefill: Int64?

    init(perMinute: Int) {
        capacity = Double(perMinute)
        tokens = capacity
    }

    /// Takes one token at `now` (milliseconds); false when none is left.
    mutating func take(now: Int64) -> Bool {
        refill(now: now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Whether a token is available at `now`, without taking it.
    mutating func available(now: Int64) -> Bool {
        refill(now: now)
        return tokens >= 1
    }

    private mutating func refill(now: Int64) {
        if let lastRefill, now > lastRefill {
            tokens = min(capacity, tokens + Double(now - lastRefill) * capacity / 60_000)
        }
        lastRefill = max(lastRefill ?? now, now)
    }
}
