import Dispatch
import RunnerCore

/// Something that happens once (a process exited): waiters before or after it are all resumed, and a
/// waiter gives up after a bound, so nothing waits on a child forever.
final class OneShot: Sendable {
    private struct State {
        var fired = false
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
    }

    private let state = Locked(State())

    var hasFired: Bool { state.withLock { $0.fired } }

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// Whether it happened within `timeout`.
    func wait(timeout: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            let ticket: Int? = state.withLock { state in
                guard !state.fired else { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = continuation
                return state.nextWaiter
            }
            guard let ticket else { return continuation.resume(returning: true) }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.timeInterval) { [self] in
                state.withLock { $0.waiters.removeValue(forKey: ticket) }?.resume(returning: false)
            }
        }
    }
}

extension Duration {
    /// Seconds, for Dispatch.
    var timeInterval: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// `5s`, `0.3s`: how the messages name a bound.
    var shortText: String {
        let seconds = timeInterval
        return seconds == seconds.rounded() ? "\(Int64(seconds))s" : "\((seconds * 1000).rounded() / 1000)s"
    }
}
