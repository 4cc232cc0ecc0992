/// The failure policy as a value: told each failure and when it happened, it answers whether to start the
/// program again and after how long, or to give up. Pure: the owner supplies the time and does the waiting.
struct RestartBudget: Sendable, Hashable {
    enum Decision: Sendable, Hashable {
        case restart(after: Duration)
        /// Give up; the reason says which limit was reached.
        case giveUp(String)
    }

    let policy: FailurePolicy
    /// When each restart within the window was granted, oldest first.
    private(set) var restarts: [Duration] = []
    /// Failures since the program last ran well (answered hello): the backoff doubles with each.
    private(set) var consecutiveFailures = 0

    init(policy: FailurePolicy) { self.policy = policy }

    /// A failure at `now` (any monotonic origin).
    mutating func failed(at now: Duration) -> Decision {
        guard case .restart(let limits) = policy else { return .giveUp("the failure policy is fail") }
        restarts.removeAll { now - $0 >= limits.window }
        guard restarts.count < limits.maximumRestarts else {
            return .giveUp(
                "\(restarts.count) restarts within \(limits.window.shortText) already (at most \(limits.maximumRestarts))"
            )
        }
        restarts.append(now)
        var backoff = limits.initialBackoff
        for _ in 0..<min(consecutiveFailures, 30) where backoff < limits.maximumBackoff { backoff *= 2 }
        consecutiveFailures += 1
        return .restart(after: min(backoff, limits.maximumBackoff))
    }

    /// The program runs well again: the next outage starts from the initial backoff.
    mutating func recovered() { consecutiveFailures = 0 }
}
