import Foundation
import RunnerApp
import RunnerJournal
import Testing

/// Whether `runner run` resumes: a finished run never is, a crashed one is (only with the same
/// configuration), and `fresh` always starts over.
@Suite struct RunResumeChoiceTests {
    private func workspace() throws -> URL { try Repository.scratchCopyWithSample() }

    private func journalPath(_ root: URL) -> String { root.appendingPathComponent("var/paper/journal.sqlite").path }

    /// Leaves a journal as a crash before its first commit would: a run begun, nothing finished.
    private func crashedJournal(_ root: URL, fingerprint: String) async throws {
        let journal = try SQLiteJournal(path: journalPath(root))
        try await journal.beginRun(environment: "paper", fingerprint: fingerprint, at: 1)
        try await journal.close()
    }

    @Test func aFinishedRunIsNotResumed() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(first.exitCode == .success, "\(first.standardError)")
        let journal = try SQLiteJournal(path: journalPath(root))
        #expect(try journal.runRecord()?.finishedAt != nil)
        try await journal.close()
        let second = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(!second.standardOutput.contains("resumed"))
        // The same run again, after the line with its timing.
        // The same run, after the line with its timing (preflight's lines, the measured clock among them, come first).
        let afterTiming = { (output: CommandOutput) in
            output.standardOutput.split(separator: "\n").drop { !$0.hasPrefix("bars: ") }.dropFirst()
        }
        #expect(!afterTiming(first).isEmpty)
        #expect(afterTiming(second) == afterTiming(first))
    }

    @Test func aCrashedRunOfAnotherConfigurationIsRefusedUnlessFresh() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try await crashedJournal(root, fingerprint: "strategies=something_else; data=elsewhere")
        let refused = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(refused.exitCode == .configurationErrors)
        #expect(refused.standardError.contains("holds an unfinished run"), "\(refused.standardError)")
        #expect(refused.standardError.contains("--fresh"))
        let fresh = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:], fresh: true)
        #expect(fresh.exitCode == .success, "\(fresh.standardError)")
        #expect(!fresh.standardOutput.contains("resumed"))
    }

    @Test func aCrashedRunIsResumedAndEndsAsAnUninterruptedOne() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let uninterrupted = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        let journal = try SQLiteJournal(path: journalPath(root))
        let fingerprint = try #require(try journal.runRecord()?.fingerprint)
        let decisions = try journal.decisions()
        try await journal.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journalPath(root) + suffix) }
        try? FileManager.default.removeItem(atPath: root.appendingPathComponent("var/paper/paper-book.tsv").path)
        try await crashedJournal(root, fingerprint: fingerprint)
        let resumed = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(resumed.exitCode == .success, "\(resumed.standardError)")
        let lines = resumed.standardOutput.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("resumed after a crash: journal committed through nothing") })
        let equity = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("equity: ") } }
        #expect(equity(resumed.standardOutput) == equity(uninterrupted.standardOutput))
        let after = try SQLiteJournal(path: journalPath(root))
        #expect(try after.decisions() == decisions)
        try await after.close()
    }

    @Test func aCrashedRunIsNotResumedOnOtherMarketData() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        let finished = try SQLiteJournal(path: journalPath(root))
        let fingerprint = try #require(try finished.runRecord()?.fingerprint)
        let firstBar = try #require(try finished.executions().first?.timestamp)
        try await finished.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journalPath(root) + suffix) }
        try? FileManager.default.removeItem(atPath: root.appendingPathComponent("var/paper/paper-book.tsv").path)
        // A crash after the run had read data up to `firstBar` whose digest is not this data's.
        let journal = try SQLiteJournal(path: journalPath(root))
        try await journal.beginRun(environment: "paper", fingerprint: fingerprint, at: 1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await journal.run() }
            journal.record(.progress(lastBarTimestamp: firstBar, dataDigest: "0123456789abcdef"))
            try await journal.close()
            try await group.waitForAll()
        }
        let refused = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(refused.exitCode == .configurationErrors)
        #expect(refused.standardError.contains("differs from what the crashed run read"), "\(refused.standardError)")
        #expect(refused.standardError.contains("--fresh"))
    }

    @Test func editingAStrategyFileChangesTheFingerprint() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        let journal = try SQLiteJournal(path: journalPath(root))
        let fingerprint = try #require(try journal.runRecord()?.fingerprint)
        try await journal.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journalPath(root) + suffix) }
        try await crashedJournal(root, fingerprint: fingerprint)
        let strategy = root.appendingPathComponent("strategies/ma_cross.yaml")
        let text = try String(contentsOf: strategy, encoding: .utf8)
        try text.replacingOccurrences(of: "rsi(close, 14)", with: "rsi(close, 7)")
            .write(to: strategy, atomically: true, encoding: .utf8)
        let refused = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(refused.exitCode == .configurationErrors)
        #expect(refused.standardError.contains("holds an unfinished run"), "\(refused.standardError)")
    }

    @Test func aRunStoppedByBadDataIsFinishedAndNotResumed() async throws {
        let root = try Repository.scratchCopy(edits: [
            "environments/paper.yaml": [("speed: max}", "speed: max, on_bad_row: stop}")]
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data/sample")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        var rows = try String(contentsOf: Repository.root.appendingPathComponent("data/sample/AAPL.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        rows[500] = "not,a,bar"
        try rows.joined(separator: "\n").write(to: data.appendingPathComponent("AAPL.csv"), atomically: true, encoding: .utf8)
        let stopped = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(stopped.exitCode == .configurationErrors)
        #expect(stopped.standardError.contains("AAPL.csv:501:1: error"), "\(stopped.standardError)")
        let journal = try SQLiteJournal(path: journalPath(root))
        #expect(try journal.runRecord()?.finishedAt != nil, "a stop on bad data is not a crash")
        #expect(try journal.alerts().contains { $0.message.contains("the market data stopped the run") })
        try await journal.close()
        let again = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(!again.standardOutput.contains("resumed"))
    }
}
