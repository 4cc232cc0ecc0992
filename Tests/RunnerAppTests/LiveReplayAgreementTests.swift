import Foundation
import RunnerJournal
import RunnerTesting
import Testing

/// One engine for replay and live: the same bars through the live path (a process feed whose bars set the
/// time) and through the replay give the same decisions, orders, fills and money, to the cent.
@Suite struct LiveReplayAgreementTests {
    /// Both forms of rules, protective exits and one file run twice with other parameters.
    static let strategies = "[ma_cross, trend_hold, {use: trend_hold, as: trend_hold_fast, params: {fast: 5, slow: 20}}]"

    @Test func theBundledSampleThroughTheLivePathEqualsItsReplay() async throws {
        let feed = Repository.root.appendingPathComponent("examples/feeds/csv_feed.py").path
        let root = try Repository.scratchCopyWithSample(edits: [
            // The paper and rehearsal limits hold the same figures (each file approved for its own environment).
            "environments/paper.yaml": [("""
                strategies:
                  - ma_cross
                  - mean_revert
                  - trend_hold
                  - {use: trend_hold, as: trend_hold_fast, params: {fast: 5, slow: 20}}
                """, "strategies: \(Self.strategies)")],
            "environments/rehearsal.yaml": [
                ("strategies: [ma_cross]", "strategies: \(Self.strategies)"),
                ("command: python3 examples/feeds/synthetic_feed.py --interval 60, interval: 1m",
                 "command: python3 \(feed) --speed 0 data/sample, interval: 1m, clock: bars"),
            ],
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let runner = RunnerProcesses(root: root)
        let replay = try await OwnThread.run { try runner.command(["run", "--env", "paper"]) }
        let live = try await OwnThread.run { try runner.command(["run", "--env", "rehearsal"]) }
        #expect(replay.status == 0, "\(replay.output)")
        #expect(live.status == 0, "\(live.output)")
        // The summaries agree line for line, but for how long each took.
        func summary(_ output: String) -> [String] {
            output.split(separator: "\n").map(String.init)
                .filter { line in
                    ["targets:", "decisions journaled:", "orders:", "equity:", "positions:"].contains { line.hasPrefix($0) }
                }
        }
        #expect(summary(replay.output).count == 5, "\(replay.output)")
        #expect(summary(live.output) == summary(replay.output), "\(live.output)")
        // And so do the executions, one by one (the ids carry the environment's name).
        func executions(_ environment: String) throws -> [String] {
            let journal = try SQLiteJournal(path: root.appendingPathComponent("var/\(environment)/journal.sqlite").path)
            return try journal.executions().map { "\($0.symbol) \($0.side) \($0.quantity) \($0.price) \($0.fee) \($0.timestamp)" }
        }
        let fromReplay = try executions("paper")
        #expect(fromReplay.count > 1_000)
        #expect(try executions("rehearsal") == fromReplay)
        // The held strategies' entries and protective exits, signal by signal.
        func heldSignals(_ environment: String) throws -> [String] {
            let journal = try SQLiteJournal(path: root.appendingPathComponent("var/\(environment)/journal.sqlite").path)
            return try journal.signals().filter { $0.strategy.hasPrefix("trend_hold") }
                .map { "\($0.strategy) \($0.symbol) \($0.side) \($0.decisionTime) \($0.reason ?? "-")" }
        }
        let held = try heldSignals("paper")
        #expect(Set(held.compactMap { $0.split(separator: " ").last.map(String.init) }).isSuperset(of: ["enter_long", "stop_loss"]))
        #expect(try heldSignals("rehearsal") == held)
    }
}
