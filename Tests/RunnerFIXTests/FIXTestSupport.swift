import Foundation
import RunnerBroker
import Synchronization
import Testing

@testable import RunnerFIX

/// What an adapter reported on its two streams, collected as it happens.
final class Recorder: Sendable {
    private final class Storage: Sendable {
        let reports = Mutex<[ExecutionReport]>([])
        let events = Mutex<[BrokerConnectionEvent]>([])
    }

    private let storage: Storage
    private let tasks: [Task<Void, Never>]

    init(_ adapter: FIXBrokerAdapter) {
        let storage = Storage()
        self.storage = storage
        tasks = [
            Task { for await report in adapter.executions { storage.reports.withLock { $0.append(report) } } },
            Task { for await event in adapter.connectionEvents { storage.events.withLock { $0.append(event) } } },
        ]
    }

    deinit { for task in tasks { task.cancel() } }

    var reports: [ExecutionReport] { storage.reports.withLock { $0 } }
    var events: [BrokerConnectionEvent] { storage.events.withLock { $0 } }

    var fills: [Fill] {
        reports.compactMap { if case .filled(let fill) = $0 { fill } else { nil } }
    }
}

/// Waits until `condition` holds, checking every 20 ms, at most `timeout`; records an issue when it never does.
/// The bound is generous for a loaded machine; a pass returns as soon as the condition holds.
@discardableResult
func eventually(
    _ what: String, timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    // One last look: the condition may have come true during the last sleep.
    if try await condition() { return true }
    Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
    return false
}
