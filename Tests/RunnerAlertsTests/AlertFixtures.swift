import Foundation
import Logging
import RunnerAlerts
import RunnerCore
import RunnerLog
import Testing

/// A sink that keeps what it receives: the test double beside the real sinks. It can fail its first
/// deliveries, or hold every delivery until released; a held delivery ends when its task is cancelled,
/// as a real sink's does.
final class RecordingAlertSink: AlertSink {
    let name: String
    private struct State {
        var received: [OperatorAlert] = []
        var failuresLeft: Int
        var held = false
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
        var cancelled: Set<UUID> = []
    }

    private let state: Locked<State>

    init(name: String = "recording", failures: Int = 0, held: Bool = false) {
        self.name = name
        state = Locked(State(failuresLeft: failures, held: held))
    }

    var received: [OperatorAlert] { state.withLock { $0.received } }

    func deliver(_ alert: OperatorAlert) async throws {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let goesThrough = state.withLock { state in
                    guard state.held, !state.cancelled.contains(id) else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if goesThrough { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.cancelled.insert(id)
                return state.waiters.removeValue(forKey: id)
            }
            waiter?.resume()
        }
        try Task.checkCancellation()
        try state.withLock { state in
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                throw AlertError.transport("a recorded failure")
            }
            state.received.append(alert)
        }
    }

    /// Lets every held delivery, and those after, go through.
    func release() {
        let waiters = state.withLock { state in
            state.held = false
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// The waits a dispatcher asked for between attempts, returned at once: no test waits for a backoff.
final class RecordedSleeps: Sendable {
    private let delays = Locked<[Duration]>([])
    var all: [Duration] { delays.withLock { $0 } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] duration in
            delays.withLock { $0.append(duration) }
            try Task.checkCancellation()
        }
    }
}

/// A temporary folder with a JSON-lines log the dispatcher under test writes to.
struct AlertTestFolder {
    let path: String
    let log: JSONLinesLogFile

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("runner-alerts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        log = try JSONLinesLogFile(path: (path as NSString).appendingPathComponent("runner.log"))
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Every line of the log, parsed.
    func logLines() throws -> [[String: Any]] {
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// The messages of the log's lines, in order.
    func logMessages() throws -> [String] { try logLines().compactMap { $0["message"] as? String } }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// How long a test waits for something that normally takes milliseconds: long, because a full `swift test`
/// on two cores can leave these tests without a thread for a minute while synchronous replay tests run.
/// Waits end as soon as their condition holds, so it costs nothing when nothing is wrong.
let patience: Duration = .seconds(600)

enum SampleAlert {
    static let watchdog = OperatorAlert(
        kind: .watchdog, severity: .critical,
        message: "the signal engine has been silent for 31s; the kill switch fired",
        environment: "live", at: 1_767_623_400_250)

    static func numbered(_ number: Int, _ severity: OperatorAlert.Severity = .warning) -> OperatorAlert {
        OperatorAlert(
            kind: .reconciliation, severity: severity, message: "alert \(number)", environment: "paper",
            at: 1_767_623_400_000 + Int64(number))
    }
}

extension AlertDispatchSettings {
    /// Every severity, three attempts, waits recorded by `sleeps` instead of slept.
    static func testing(
        _ sleeps: RecordedSleeps, attempts: Int = 3, minimumSeverity: OperatorAlert.Severity = .info,
        queueCapacity: Int = 100
    ) throws -> AlertDispatchSettings {
        try AlertDispatchSettings(
            minimumSeverity: minimumSeverity, attempts: attempts, firstRetryDelay: .seconds(1),
            longestRetryDelay: .seconds(60), queueCapacity: queueCapacity, shutdownDrainTimeout: patience,
            sleep: sleeps.sleep)
    }
}
