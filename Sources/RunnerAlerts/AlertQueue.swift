import RunnerCore

/// The alerts waiting for one sink, oldest first, at most `capacity` of them, except critical ones.
///
/// When a new alert finds the queue full, the oldest alert that is not critical is dropped (possibly the
/// new one, when every other is critical) and returned, for the dispatcher to count and log. A critical
/// alert is never dropped: the queue grows past its capacity rather than lose one.
struct AlertQueue: Sendable {
    let capacity: Int
    private(set) var alerts: [OperatorAlert] = []

    init(capacity: Int) { self.capacity = capacity }

    var isEmpty: Bool { alerts.isEmpty }
    var count: Int { alerts.count }

    /// Appends `alert`; returns the alert dropped to make room, if one was.
    mutating func push(_ alert: OperatorAlert) -> OperatorAlert? {
        alerts.append(alert)
        guard alerts.count > capacity, let oldest = alerts.firstIndex(where: { $0.severity != .critical }) else {
            return nil
        }
        return alerts.remove(at: oldest)
    }

    mutating func popFirst() -> OperatorAlert? {
        alerts.isEmpty ? nil : alerts.removeFirst()
    }

    /// Puts back an alert taken but not delivered (its delivery was cancelled), to be the next one.
    mutating func putBack(_ alert: OperatorAlert) {
        alerts.insert(alert, at: 0)
    }
}
