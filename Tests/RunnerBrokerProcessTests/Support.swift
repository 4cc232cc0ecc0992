import Foundation
import RunnerBroker
import RunnerBrokerProcess
import RunnerCore
import RunnerFeed
import RunnerTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Paths and settings the process adapter tests share: real Python programs. Bounds that must not fire
/// are generous (a loaded CI machine is slow to start Python and answer); a test of a bound sets a short one.
enum Fixtures {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    /// The repository, for the examples (this file is Tests/RunnerBrokerProcessTests/Support.swift).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let exampleAdapter = repository.appendingPathComponent("examples/adapters/paper_adapter.py").path
    static let csvFeed = repository.appendingPathComponent("examples/feeds/csv_feed.py").path
    static let environment = ChildEnvironment.minimal

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func settings(
        _ command: [String], replyTimeout: Duration = .seconds(10), startTimeout: Duration = .seconds(30),
        onFailure: FailurePolicy = .fail, variables: [String] = []
    ) -> ProcessAdapterSettings {
        ProcessAdapterSettings(
            command: command, workingDirectory: repository.path, environmentVariables: variables,
            replyTimeout: replyTimeout, startTimeout: startTimeout, stopTimeout: .milliseconds(500),
            onFailure: onFailure)
    }

    /// Restarts quickly: at most `restarts` within a minute, 50 ms apart.
    static func restarting(_ restarts: Int) -> FailurePolicy {
        .restart(
            RestartLimits(
                maximumRestarts: restarts, window: .seconds(60), initialBackoff: .milliseconds(50),
                maximumBackoff: .milliseconds(200)))
    }

    static func order(_ id: String, _ side: OrderSide = .buy, _ quantity: Int64 = 10, symbol: Symbol = "AAPL")
        -> ChildOrder
    {
        ChildOrder(
            clientOrderID: id, parentID: "p-\(id)", strategy: "test", symbol: symbol, side: side, quantity: quantity,
            venue: "SMART", releaseAt: 1_732_000_000_000, sliceIndex: 0)
    }

    /// Whether a process with this id still exists (a zombie counts: it has not been reaped).
    static func processExists(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

    /// Whether `condition` holds within `bound` (checked every 20 ms): for what a child process does in its time.
    /// The bound is generous for a loaded machine; a pass returns as soon as the condition holds.
    static func eventually(within bound: Duration = .seconds(20), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + bound
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

/// Lines a callback receives, in order.
final class Lines: Sendable {
    private let lines = Locked<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// The first `count` elements of `stream`, or fewer when `bound` passes first.
func first<Element: Sendable>(_ count: Int, of stream: AsyncStream<Element>, within bound: Duration) async -> [Element]
{
    let collected = Collected<Element>()
    await withTaskGroup(of: Void.self) { group in
        group.addTask {
            for await element in stream where collected.add(element) >= count { return }
        }
        group.addTask { try? await Task.sleep(for: bound) }
        await group.next()
        group.cancelAll()
    }
    return collected.all
}

/// Elements gathered by a task, read by another.
final class Collected<Element: Sendable>: Sendable {
    private let elements = Locked<[Element]>([])

    /// Adds `element`; returns how many there are now.
    func add(_ element: Element) -> Int {
        elements.withLock { elements in
            elements.append(element)
            return elements.count
        }
    }

    var all: [Element] { elements.withLock { $0 } }
}
