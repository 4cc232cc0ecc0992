import Foundation
import RunnerCore

/// Reads an async stream in the background and lets a test wait, within a bound, for what it delivered.
final class EventCollector<Event: Sendable>: Sendable {
    private final class Store: Sendable {
        let events = Locked<[Event]>([])
    }

    private let store = Store()
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<Event>) {
        task = Task { [store] in
            for await event in stream { store.events.withLock { $0.append(event) } }
        }
    }

    deinit { task.cancel() }

    var all: [Event] { store.events.withLock { $0 } }

    /// The events once one matches `predicate`, or an error naming what came within `bound`. The bound is
    /// generous (a loaded CI machine reconnects slowly) and costs a passing test nothing: it returns as soon
    /// as the event is there.
    @discardableResult
    func wait(
        within bound: Duration = .seconds(30), for what: String, until predicate: @Sendable (Event) -> Bool
    ) async throws -> [Event] {
        let deadline = ContinuousClock.now + bound
        while ContinuousClock.now < deadline {
            let current = all
            if current.contains(where: predicate) { return current }
            try await Task.sleep(for: .milliseconds(10))
        }
        // One last look: the event may have come during the last sleep, and the error must not list it.
        let current = all
        if current.contains(where: predicate) { return current }
        throw FakeAlpacaError("no \(what) within \(bound); got \(current)")
    }
}
