import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import RunnerJournal
import RunnerRisk
import RunnerSignals
import RunnerTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The kill switch against a real `runner run` holding positions: through the engine, and without it (a
/// frozen run, stopped with SIGSTOP), and fired by a separate `runner watchdog` process.
@Suite(.serialized) struct KillSwitchRunTests {
    /// The examples over five days of bars replayed at 600 times real time, so a run lasts long enough to be
    /// commanded; heartbeats every second and a 2 s watchdog silence, so the watchdog's test is short.
    private func workspace() throws -> RunnerProcesses {
        let root = try Repository.scratchCopy(edits: ["environments/paper.yaml": [
            ("speed: max", "speed: 600x"), ("heartbeat: 5s", "heartbeat: 1s"), ("signal_silence: 30s", "signal_silence: 2s"),
        ]])
        _ = try SyntheticBars(symbols: ["AAPL", "MSFT", "NVDA", "XOM", "JPM"], days: 5)
            .write(to: root.appendingPathComponent("data/sample").path)
        return RunnerProcesses(root: root)
    }

    private func path(_ runner: RunnerProcesses, _ file: String) -> String {
        runner.root.appendingPathComponent("var/paper/\(file)").path
    }

    /// What the paper venue holds, read from its book file as another process would.
    private func venue(_ runner: RunnerProcesses) async throws -> (positions: [Symbol: Int64], open: Int) {
        let broker = try PaperBroker(settings: PaperBrokerSettings(startingCash: Money(1_000_000, "USD")),
                                     time: ManualTimeSource(), bookPath: path(runner, "paper-book.tsv"))
        return (try await broker.positions(), try await broker.openOrders().count)
    }

    private func isFlat(_ runner: RunnerProcesses) async throws -> Bool {
        let held = try await venue(runner)
        return held.positions.isEmpty && held.open == 0
    }

    private func savedState(_ runner: RunnerProcesses) throws -> TradingState? {
        try FileTradingStateStore(path: path(runner, "trading-state.json")).load()
    }

    @Test func killThroughTheEngineLeavesTheAccountFlatAndHaltedAcrossARestart() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: RunnerProcesses.binary.path), "build the runner binary first")
        let runner = try workspace()
        defer { try? FileManager.default.removeItem(at: runner.root) }
        let (run, output, errors) = try runner.start(["run"])
        defer { if run.isRunning { run.terminate() } }
        // Positions and working orders both: the kill must cancel as well as close.
        let holding = try await OwnThread.run {
            try runner.waitForStatus(seconds: 120) {
                !$0.contains("positions (0)") && !$0.contains("working orders (0)") && $0.contains("signal_engine")
            }
        }
        #expect(holding.contains("heartbeats (every 1s):"), "\(holding)")
        #expect(holding.contains("signal_engine") && holding.contains(" ok"), "\(holding)")

        let started = Date()
        let kill = try runner.command(["kill", "--reason", "test of the kill switch"])
        print("runner kill through the engine took \(Date().timeIntervalSince(started)) s (process start included)")
        #expect(kill.status == 0, "\(kill.output)")
        #expect(kill.output.contains("killed: trading halted (kill switch)"), "\(kill.output)")
        #expect(kill.output.contains("the broker confirms no open orders and no positions"), "\(kill.output)")
        // The venue itself is flat and the state saved, while the run goes on.
        #expect(try await isFlat(runner))
        #expect(try savedState(runner)?.mode == .halted && savedState(runner)?.reason == .killSwitch)
        let status = try await OwnThread.run { try runner.waitForStatus(seconds: 10) { $0.contains("trading:") } }
        #expect(status.contains("halted (kill_switch)") && status.contains("positions (0): none")
            && status.contains("working orders (0): none"), "\(status)")

        run.interrupt()
        _ = output.fileHandleForReading.readToEndRetryingInterrupts()
        _ = errors.fileHandleForReading.readToEndRetryingInterrupts()
        run.waitUntilExit()
        let journal = try SQLiteJournal(path: path(runner, "journal.sqlite"))
        #expect(try journal.alerts().contains { $0.message.contains("kill switch from runner kill") && $0.message.contains("test of the kill switch") })
        #expect(try journal.positions().allSatisfy { $0.quantity == 0 })
        #expect(try journal.tradingState()?.reason == .killSwitch)

        // The restart comes up halted.
        let (restart, _, restartErrors) = try runner.start(["run"])
        defer { if restart.isRunning { restart.terminate() } }
        let halted = try await OwnThread.run { try runner.waitForStatus(seconds: 60) { $0.contains("trading:") } }
        #expect(halted.contains("halted (kill_switch)"), "\(halted)")
        restart.interrupt()
        _ = restartErrors.fileHandleForReading.readToEndRetryingInterrupts()
        restart.waitUntilExit()
    }

    @Test func killWithoutAnAnsweringEngineStopsTheFrozenRunAndFlattensAtTheBroker() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: RunnerProcesses.binary.path), "build the runner binary first")
        let runner = try workspace()
        defer { try? FileManager.default.removeItem(at: runner.root) }
        let (run, _, _) = try runner.start(["run"])
        defer { if run.isRunning { kill(run.processIdentifier, SIGKILL) } }
        _ = try await OwnThread.run { try runner.waitForStatus(seconds: 120) { !$0.contains("positions (0)") } }
        // The venue's book, as another process reads it, holds positions (polled: the held strategies' exits
        // close some between two reads), and then the engine is frozen.
        var holding = false
        for _ in 0..<240 where !holding {
            holding = try await !venue(runner).positions.isEmpty
            if !holding { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(holding)

        kill(run.processIdentifier, SIGSTOP)
        let killed = try runner.command(["kill", "--reason", "frozen engine"])
        #expect(killed.status == 0, "\(killed.output)")
        #expect(killed.output.contains("no answer from the engine"), "\(killed.output)")
        #expect(killed.output.contains("stopped the run that did not answer (SIGKILL to pid \(run.processIdentifier))"),
                "\(killed.output)")
        #expect(killed.output.contains("the broker confirms no open orders and no positions"), "\(killed.output)")
        run.waitUntilExit()
        #expect(run.terminationReason == .uncaughtSignal && run.terminationStatus == SIGKILL)
        #expect(try await isFlat(runner))
        #expect(try savedState(runner)?.mode == .halted && savedState(runner)?.reason == .killSwitch)
        let journal = try SQLiteJournal(path: path(runner, "journal.sqlite"))
        #expect(try journal.alerts().contains { $0.message.contains("without the engine") && $0.message.contains("frozen engine") })

        // With the run dead, status says so and shows what its components last said, from the journal.
        let status = try runner.command(["status"])
        #expect(status.status == 5, "\(status.output)")
        #expect(status.output.contains("the latest heartbeats in its journal"), "\(status.output)")
        #expect(status.output.contains("signal_engine") && status.output.contains("heartbeats (every 1s):"), "\(status.output)")

        // A second kill finds nothing to do and says it is confirmed.
        let again = try runner.command(["kill"])
        #expect(again.status == 0 && again.output.contains("0 closing orders sent"), "\(again.output)")
    }

    @Test func theWatchdogProcessFlattensAFrozenRunWithinTheSilenceLimitAndATolerance() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: RunnerProcesses.binary.path), "build the runner binary first")
        let runner = try workspace()
        defer { try? FileManager.default.removeItem(at: runner.root) }
        let (watchdog, watchdogOutput, _) = try runner.start(["watchdog"])
        defer { if watchdog.isRunning { watchdog.terminate() } }
        let said = LineCollector(watchdogOutput)
        let (run, _, _) = try runner.start(["run"])
        defer { if run.isRunning { kill(run.processIdentifier, SIGKILL) } }
        _ = try await OwnThread.run { try runner.waitForStatus(seconds: 120) { !$0.contains("positions (0)") } }

        kill(run.processIdentifier, SIGSTOP)
        let stopped = Date()
        // The tolerance: one heartbeat interval (the last one may predate the stop), the watchdog's poll, the
        // engine's second to answer, and the work at the broker, with room for a loaded machine.
        let silence = 2.0, tolerance = 10.0
        let flattened = try await OwnThread.run { said.waitFor("the broker confirms no open orders", seconds: silence + tolerance) }
        let elapsed = Date().timeIntervalSince(stopped)
        print("the watchdog process flattened the frozen run \(elapsed) s after SIGSTOP (silence limit \(silence) s)")
        #expect(flattened, "\(said.contents)")
        #expect(elapsed > silence, "the watchdog fired before the silence limit: \(elapsed) s")
        #expect(said.contents.contains("KILL: the signal engine (pid \(run.processIdentifier)"), "\(said.contents)")
        #expect(try await isFlat(runner))
        #expect(try savedState(runner)?.mode == .halted)
        run.waitUntilExit()
        #expect(run.terminationStatus == SIGKILL)
    }
}

/// The shipped button script: a key press runs `runner kill`, which says what it did.
@Suite struct KillButtonScriptTests {
    @Test func aPressRunsTheKillSwitchAndSaysHowItEnded() throws {
        try #require(FileManager.default.isExecutableFile(atPath: RunnerProcesses.binary.path), "build the runner binary first")
        let root = try Repository.scratchCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Repository.root.appendingPathComponent("scripts/kill-button.sh").path, "--root", root.path]
        process.environment = ChildEnvironment.minimal.merging(["RUNNER_BINARY": RunnerProcesses.binary.path]) { $1 }
        let (input, output) = (Pipe(), Pipe())
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // One press, then the end of input stops the script.
        input.fileHandleForWriting.write(Data("\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.contains("kill: no answer from the engine"), "\(text)")
        #expect(text.contains("the broker confirms no open orders and no positions"), "\(text)")
        #expect(text.contains("kill exited with status 0"), "\(text)")
        let state = try FileTradingStateStore(path: root.appendingPathComponent("var/paper/trading-state.json").path).load()
        #expect(state?.mode == .halted && state?.reason == .killSwitch)
    }
}
