import Foundation
import RunnerJournal
import RunnerSignals
import RunnerTesting
import Testing

/// A real `runner run` at replay speed, commanded from a second process (`runner status`, `runner
/// flatten`): the flatten ends it flat and halted, and a restart comes up halted. Needs the built binary
/// (`.ci/run` builds before testing).
@Suite struct ControlRunTests {
    static let binary = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("runner")

    /// The examples with two days of bars replayed at 600 times real time (about 40 s a day), so a run
    /// lasts long enough to be commanded.
    private func workspace() throws -> URL {
        let root = try Repository.scratchCopy(edits: ["environments/paper.yaml": [("speed: max", "speed: 600x")]])
        _ = try SyntheticBars(symbols: ["AAPL", "MSFT", "NVDA", "XOM", "JPM"], days: 2)
            .write(to: root.appendingPathComponent("data/sample").path)
        return root
    }

    private func start(_ arguments: [String], _ root: URL) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + ["--root", root.path]
        process.environment = ChildEnvironment.minimal
        let (output, errors) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return (process, output, errors)
    }

    /// Runs a control command in its own process; returns its exit status and output.
    private func command(_ arguments: [String], _ root: URL) throws -> (status: Int32, output: String) {
        let (process, output, errors) = try start(arguments, root)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            + String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Asks `runner status` every 100 ms until `done` holds for its output (at most `seconds`).
    private func waitForStatus(_ root: URL, seconds: Double, _ done: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            let (status, output) = try command(["status"], root)
            last = output
            if status == 0, done(output) { return output }
            usleep(100_000)
        }
        Issue.record("status never matched within \(seconds) s; last: \(last)")
        return last
    }

    @Test func flattenFromAnotherProcessEndsFlatAndHaltedAndARestartComesUpHalted() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the runner binary first")
        try await OwnThread.run { try self.flattenFromAnotherProcess() }
    }

    /// The whole scenario, blocking: it runs on a thread of its own.
    private func flattenFromAnotherProcess() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try command(["status"], root).status == 5, "no run is alive yet")

        let (run, output, _) = try start(["run"], root)
        defer { if run.isRunning { run.terminate() } }
        // Wait until the run holds positions, then flatten it from this process.
        _ = try waitForStatus(root, seconds: 120) { !$0.contains("positions (0)") }
        let flatten = try command(["flatten", "--reason", "end of test"], root)
        #expect(flatten.status == 0, "\(flatten.output)")
        #expect(flatten.output.contains("trading halted"))
        let flat = try waitForStatus(root, seconds: 60) {
            $0.contains("positions (0)") && $0.contains("working orders (0)")
        }
        #expect(flat.contains("trading:          halted (command)"))

        // A second run of the same environment is refused while this one answers.
        let second = try command(["run"], root)
        #expect(second.status == 1, "a second run is a configuration error")
        #expect(second.output.contains("alive"), "\(second.output)")

        run.interrupt()
        _ = output.fileHandleForReading.readDataToEndOfFile()
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        let journal = try SQLiteJournal(path: root.appendingPathComponent("var/paper/journal.sqlite").path)
        #expect(try journal.alerts().contains { $0.message.contains("command flatten from runner flatten") && $0.message.contains("end of test") })
        #expect(try journal.tradingState()?.mode == .halted)

        // The restart comes up halted: it says so, and status shows it.
        let (restart, _, errors) = try start(["run"], root)
        defer { if restart.isRunning { restart.terminate() } }
        let halted = try waitForStatus(root, seconds: 60) { $0.contains("trading:") }
        #expect(halted.contains("halted (command)"), "\(halted)")
        restart.interrupt()
        let notes = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        restart.waitUntilExit()
        #expect(notes.contains("trading is halted (command) from an earlier run"), "\(notes)")
    }
}
