import Foundation
import RunnerCore
import RunnerJournal
import RunnerSignals
import RunnerTesting
import Testing

/// SIGINT to a real `runner run` process: it stops between bars, cancels its working orders, commits
/// the journal and prints the summary. Needs the built binary (`.ci/run` builds before testing).
@Suite struct RunInterruptTests {
    static let binary = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("runner")

    @Test func sigintStopsGracefullyAndCommitsTheJournal() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the runner binary first")
        let root = try Repository.scratchCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try SyntheticBars(symbols: ["AAPL", "MSFT", "NVDA", "XOM", "JPM"], days: 40)
            .write(to: root.appendingPathComponent("data/sample").path)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["run", "--root", root.path, "--progress-every", "2000"]
        process.environment = ChildEnvironment.minimal
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = try await OwnThread.run {
            // Wait for the first progress line: the replay is under way (no sleeping, no timing).
            var seen = Data()
            while !String(decoding: seen, as: UTF8.self).contains(" bars, ") {
                let chunk = errors.fileHandleForReading.readSomeRetryingInterrupts()
                if chunk.isEmpty { break }
                seen.append(chunk)
            }
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
            return String(decoding: output.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self)
        }
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("interrupted after bars: "), "\(text)")
        let journal = try SQLiteJournal(path: root.appendingPathComponent("var/paper/journal.sqlite").path)
        #expect(try journal.alerts().contains { $0.message.hasPrefix("interrupted:") })
        #expect(try journal.lastBarTimestamp() != nil)
        try await journal.close()
    }
}
