import Foundation
import RunnerJournal
import RunnerSignals
import RunnerTesting
import Testing

/// A real `runner run` at replay speed, commanded from a second process (`runner status`, `runner
/// flatten`): the flatten ends it flat and halted, and a restart comes up halted. Needs the built binary
/// (`.ci/run` builds before testing).
@Suite struct ControlRunTests {
    static let binary = RunnerProcesses.binary

    /// The examples with two days of bars replayed at 600 times real time (about 40 s a day), so a run
    /// lasts long enough to be commanded.
    private func workspace() throws -> URL {
        let root = try Repository.scratchCopy(edits: ["environments/paper.yaml": [("speed: max", "speed: 600x")]])
        _ = try SyntheticBars(symbols: ["AAPL", "MSFT", "NVDA", "XOM", "JPM"], days: 2)
            .write(to: root.appendingPathComponent("data/sample").path)
        return root
    }

    @Test func flattenFromAnotherProcessEndsFlatAndHaltedAndARestartComesUpHalted() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the runner binary first")
        try await OwnThread.run { try self.flattenFromAnotherProcess() }
    }

    /// The whole scenario, blocking: it runs on a thread of its own.
    private func flattenFromAnotherProcess() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let runner = RunnerProcesses(root: root)
        #expect(try runner.command(["status"]).status == 5, "no run is alive yet")

        let (run, output, _) = try runner.start(["run"])
        defer { if run.isRunning { run.terminate() } }
        // Wait until the run holds positions, then flatten it from this process.
        _ = try runner.waitForStatus(seconds: 120) { !$0.contains("positions (0)") }
        let flatten = try runner.command(["flatten", "--reason", "end of test"])
        #expect(flatten.status == 0, "\(flatten.output)")
        #expect(flatten.output.contains("trading halted"))
        let flat = try runner.waitForStatus(seconds: 60) {
            $0.contains("positions (0)") && $0.contains("working orders (0)")
        }
        #expect(flat.contains("trading:          halted (command)"))

        // A second run of the same environment is refused while this one answers.
        let second = try runner.command(["run"])
        #expect(second.status == 1, "a second run is a configuration error")
        #expect(second.output.contains("alive"), "\(second.output)")

        run.interrupt()
        _ = output.fileHandleForReading.readToEndRetryingInterrupts()
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        let journal = try SQLiteJournal(path: root.appendingPathComponent("var/paper/journal.sqlite").path)
        #expect(try journal.alerts().contains { $0.message.contains("command flatten from runner flatten") && $0.message.contains("end of test") })
        #expect(try journal.tradingState()?.mode == .halted)

        // The restart comes up halted: it says so, and status shows it.
        let (restart, _, errors) = try runner.start(["run"])
        defer { if restart.isRunning { restart.terminate() } }
        let halted = try runner.waitForStatus(seconds: 60) { $0.contains("trading:") }
        #expect(halted.contains("halted (command)"), "\(halted)")
        restart.interrupt()
        let notes = String(decoding: errors.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self)
        restart.waitUntilExit()
        #expect(notes.contains("trading is halted (command) from an earlier run"), "\(notes)")
    }
}
