import Foundation
import RunnerApp
import RunnerJournal
import RunnerTesting
import Testing

/// A live environment end to end, as an operator runs it: `RUNNER_ENV=live runner run` against a real FIX
/// engine (the QuickFIX acceptor in tools/fix-acceptor) with a process feed printing one-second bars; then
/// reconciliation and the kill switch through the same adapter, and a restart that continues the journal.
@Suite(.serialized) struct LiveFIXRunTests {
    static let password = "s3cret"
    /// A strategy that wants 20 AAPL from its first one-second bar on.
    static let buyNow = """
        strategy: buy_now
        universe: [AAPL]
        timeframe: 1s
        indicators:
          fast: sma(close, 2)
        rules:
          long: close > 0
        confidence: 1
        sizing: {model: fixed_quantity, quantity: 20}
        """

    /// The shipped live environment, pointed at the acceptor and a short feed, with a strategy that buys at once.
    func liveRoot(acceptor: FIXAcceptorProcess, ntp: SNTPResponder, bars: Int) throws -> URL {
        let feed = Repository.root.appendingPathComponent("examples/feeds/synthetic_feed.py").path
        return try Repository.scratchCopy(
            edits: ["environments/live.yaml": [
                ("strategies: [ma_cross]", "strategies: [buy_now]"),
                ("port: 9878", "port: \(acceptor.port)"),
                ("command: python3 examples/feeds/synthetic_feed.py --interval 60, interval: 1m",
                 "command: python3 \(feed) --interval 1 --bars \(bars), interval: 1s, grace: 300ms"),
                ("servers: [127.0.0.1:123]", "servers: [127.0.0.1:\(ntp.port)]"),
                ("alerts: {webhook_url_env: RUNNER_ALERT_WEBHOOK, min_severity: warning}", ""),
                ("routing:\n  slice_above: 5% of 1m volume\n  algorithm: vwap", "routing:\n  slice_above: 50% of 1m volume\n  algorithm: vwap"),
            ]],
            extraFiles: ["strategies/buy_now.yaml": LiveFIXRunTests.buyNow])
    }

    var environment: [String: String] {
        var environment = ChildEnvironment.minimal
        environment["RUNNER_ENV"] = "live"
        environment["RUNNER_FIX_PASSWORD"] = Self.password
        return environment
    }

    @Test func aLiveRunTradesThroughFIXReconcilesKillsAndContinuesItsJournal() async throws {
        let acceptor = try await FIXAcceptorProcess(arguments: ["--password", Self.password, "--mode", "fill"])
        defer { acceptor.stop() }
        _ = try await acceptor.send("price AAPL 100")
        let ntp = try SNTPResponder(.answer(offset: .zero))
        defer { ntp.stop() }
        let root = try liveRoot(acceptor: acceptor, ntp: ntp, bars: 6)
        let runner = RunnerProcesses(root: root, environment: environment)

        // preflight logs on and reads the broker.
        let preflight = try await OwnThread.run { try runner.command(["preflight"]) }
        #expect(preflight.status == 0, "\(preflight.output)")
        #expect(preflight.output.contains("broker: connected ('fix'), cash 1000000"), "\(preflight.output)")

        // The run: the feed's bars drive the engine; the order goes to the acceptor and its fill comes back.
        let run = try await OwnThread.run { try runner.command(["run"]) }
        #expect(run.status == 0, "\(run.output)")
        let new = try await acceptor.waitForEvent(prefix: "EVENT NEW", timeout: .seconds(5))
        #expect(new.contains("buy 20 AAPL market"), "\(new)")
        #expect(run.output.contains("fills: 1") || run.output.contains("1 fills"), "\(run.output)")
        #expect(try await acceptor.send("positions") == "OK AAPL=20")

        // Reconciliation through the adapter: the journal and the acceptor agree.
        let reconcile = try await OwnThread.run { try runner.command(["reconcile", "--once"]) }
        #expect(reconcile.status == 0, "\(reconcile.output)")

        // The kill switch without an engine: logs on, closes the position, confirms flat.
        let kill = try await OwnThread.run { try runner.command(["kill", "--reason", "end-to-end test"]) }
        #expect(kill.status == 0, "\(kill.output)")
        #expect(try await acceptor.send("positions") == "OK")

        // A restart continues the journal: its book agrees with the flat broker, and it comes up halted.
        let again = try await OwnThread.run { try runner.command(["run"]) }
        #expect(again.status == 0, "\(again.output)")
        #expect(again.output.contains("continued the journal's book: 2 executions"), "\(again.output)")
        #expect(again.output.contains("halted (kill_switch)"), "\(again.output)")
        #expect(try await acceptor.send("positions") == "OK")
    }

    @Test func aWrongFIXPasswordIsRefusedAtPreflightWithTheReason() async throws {
        let acceptor = try await FIXAcceptorProcess(arguments: ["--password", Self.password, "--mode", "hold"])
        defer { acceptor.stop() }
        let ntp = try SNTPResponder(.answer(offset: .zero))
        defer { ntp.stop() }
        let root = try liveRoot(acceptor: acceptor, ntp: ntp, bars: 3)
        // A wrong password is refused at preflight, with the reason.
        var wrong = environment
        wrong["RUNNER_FIX_PASSWORD"] = "wrong"
        let refusing = RunnerProcesses(root: root, environment: wrong)
        let refused = try await OwnThread.run { try refusing.command(["preflight"]) }
        #expect(refused.status == 3, "\(refused.output)")
        #expect(refused.output.contains("cannot connect to the broker"), "\(refused.output)")
    }
}

/// A setting only the adapter's factory can judge is refused at preflight with its file, line and key.
@Suite struct LiveAdapterSettingsTests {
    @Test func aZeroTimeoutIsRefusedWithItsLine() async throws {
        let ntp = try SNTPResponder(.answer(offset: .zero))
        defer { ntp.stop() }
        let root = try Repository.scratchCopy(edits: ["environments/live.yaml": [
            ("servers: [127.0.0.1:123]", "servers: [127.0.0.1:\(ntp.port)]"), ("password_env: RUNNER_FIX_PASSWORD", "timeout: 0s"),
            ("alerts: {webhook_url_env: RUNNER_ALERT_WEBHOOK, min_severity: warning}", ""),
        ]])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = await Workspace(root: root.path).preflightWithBroker(requestedEnvironment: nil,
                                                                           processEnvironment: ["RUNNER_ENV": "live"])
        #expect(output.exitCode == .liveGuardRefused)
        #expect(output.standardError.contains("environments/live.yaml:15: broker.timeout must be longer than 0, got 0s"),
                "\(output.standardError)")
    }
}

/// The same live environment through the `process` adapter (the example Python broker): the run's own
/// reconciliation through it agrees, and the kill switch reaches the broker through the running engine.
@Suite(.serialized) struct LiveProcessAdapterRunTests {
    @Test func aLiveRunThroughAProcessAdapterReconcilesAndIsKilledThroughIt() async throws {
        let ntp = try SNTPResponder(.answer(offset: .zero))
        defer { ntp.stop() }
        let adapter = Repository.root.appendingPathComponent("examples/adapters/paper_adapter.py").path
        let feed = Repository.root.appendingPathComponent("examples/feeds/synthetic_feed.py").path
        let root = try Repository.scratchCopy(
            edits: ["environments/live.yaml": [
                ("strategies: [ma_cross]", "strategies: [buy_now]"),
                ("""
                broker:
                  adapter: fix
                  host: 127.0.0.1
                  port: 9878
                  sender_comp_id: RUNNER
                  target_comp_id: BROKER
                  password_env: RUNNER_FIX_PASSWORD
                """, "broker: {adapter: process, command: python3 \(adapter) --prices AAPL=100 --cash 1000000, timeout: 5s}\n"),
                ("command: python3 examples/feeds/synthetic_feed.py --interval 60, interval: 1m",
                 "command: python3 \(feed) --interval 1 --bars 90, interval: 1s, grace: 300ms"),
                ("servers: [127.0.0.1:123]", "servers: [127.0.0.1:\(ntp.port)]"),
                ("alerts: {webhook_url_env: RUNNER_ALERT_WEBHOOK, min_severity: warning}", ""),
                ("reconciliation: {interval: 60s,", "reconciliation: {interval: 2s,"),
            ]],
            extraFiles: ["strategies/buy_now.yaml": LiveFIXRunTests.buyNow])
        var environment = ChildEnvironment.minimal
        environment["RUNNER_ENV"] = "live"
        let runner = RunnerProcesses(root: root, environment: environment)
        let (run, output, errors) = try runner.start(["run"])
        let printed = LineCollector(output)
        let complaints = LineCollector(errors)
        defer { if run.isRunning { run.terminate() } }
        // The position is taken, and the run's own reconciliation through the adapter has run.
        let status = try await OwnThread.run { try runner.waitForStatus(seconds: 60) { $0.contains("positions (1)") } }
        #expect(status.contains("positions (1)") && status.contains("AAPL"), "\(status)\n\(complaints.contents)")
        try await Task.sleep(for: .seconds(3))
        let kill = try await OwnThread.run { try runner.command(["kill", "--reason", "process adapter test"]) }
        #expect(kill.status == 0, "\(kill.output)")
        #expect(kill.output.contains("the broker confirms no open orders and no positions"), "\(kill.output)")
        let halted = try await OwnThread.run { try runner.waitForStatus(seconds: 30) { $0.contains("halted") } }
        #expect(halted.contains("halted (kill_switch)") && halted.contains("positions (0): none"), "\(halted)")
        run.terminate()
        run.waitUntilExit()
        let journal = try SQLiteJournal(path: root.appendingPathComponent("var/live/journal.sqlite").path)
        // The books agreed at every check through the adapter: no reconciliation alert, and the position
        // the run took and the kill closed are both journaled.
        let alerts = try journal.alerts().map(\.message)
        #expect(!alerts.contains { $0.lowercased().contains("mismatch") }, "\(alerts)")
        #expect(try journal.executions().map(\.signedQuantity).reduce(0, +) == 0)
        #expect(try journal.executions().count >= 2)
        _ = printed
    }
}
