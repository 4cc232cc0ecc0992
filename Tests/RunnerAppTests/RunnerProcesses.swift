import Foundation
import Synchronization
import RunnerTesting
import Testing

/// `runner` as a second process, for tests of what crosses processes: commands, the kill switch, the
/// watchdog. Needs the built binary (`.ci/run` builds before testing).
struct RunnerProcesses {
    static let binary = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("runner")
    let root: URL
    /// The child's environment variables: the minimal set unless a test needs more (RUNNER_ENV, credentials).
    var environment = ChildEnvironment.minimal

    /// Starts `runner ARGUMENTS --root ROOT`, its output and errors piped.
    func start(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + ["--root", root.path]
        process.environment = environment
        let (output, errors) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return (process, output, errors)
    }

    /// Runs a command to its end; returns its exit status and output (standard output, then errors).
    func command(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let (process, output, errors) = try start(arguments)
        let text = String(decoding: output.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self)
            + String(decoding: errors.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Asks `runner status` every 100 ms until `done` holds for its output (at most `seconds`).
    func waitForStatus(seconds: Double, _ done: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            let (status, output) = try command(["status"])
            last = output
            if status == 0, done(output) { return output }
            usleep(100_000)
        }
        Issue.record("status never matched within \(seconds) s; last: \(last)")
        return last
    }
}

/// Lines a child process writes, collected as they come (a pipe read on a thread of its own).
final class LineCollector: Sendable {
    private let text = Mutex("")

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let data = handle.readSomeRetryingInterrupts()
                if data.isEmpty { return }
                text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
        }
    }

    var contents: String { text.withLock { $0 } }

    /// Waits until the text contains `needle` (at most `seconds`); returns whether it did.
    func waitFor(_ needle: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if contents.contains(needle) { return true }
            usleep(50_000)
        }
        return contents.contains(needle)
    }
}
