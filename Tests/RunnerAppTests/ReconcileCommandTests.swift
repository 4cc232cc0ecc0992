import Foundation
import RunnerApp
import RunnerBrokerPaper
import RunnerCore
import RunnerJournal
import RunnerTesting
import Testing

/// `runner reconcile --once` on the journal and paper book a real `runner run` left: clean as the run
/// left them, then a position changed at the broker outside the runner. Needs the built binary.
@Suite struct ReconcileCommandTests {
    static let binary = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("runner")

    /// Runs the binary with `arguments`; its exit status, standard output and standard error.
    private func runner(_ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = ChildEnvironment.minimal
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return try await OwnThread.run {
            let text = String(decoding: output.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self)
            let errorText = String(decoding: errors.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text, errorText)
        }
    }

    @Test func aRunsOwnBooksAreCleanAndATradeOutsideTheRunnerIsFound() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the runner binary first")
        let root = try Repository.scratchCopyWithSample()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await runner(["run", "--root", root.path, "--progress-every", "0"])
        try #require(run.status == 0, "\(run.errors)")

        let clean = try await runner(["reconcile", "--once", "--root", root.path])
        #expect(clean.status == 0, "\(clean.output)\(clean.errors)")
        let cleanLines = clean.output.split(separator: "\n").map(String.init)
        #expect(cleanLines.first?.hasPrefix("reconcile: environment 'paper': journal ") == true)
        #expect(cleanLines.contains("fills only at the broker: none"))
        #expect(cleanLines.contains("open orders only at the broker: none"))
        #expect(cleanLines.contains { $0.hasPrefix("mismatch: 0% of equity ") })
        #expect(cleanLines.last == "verdict: clean (alert above 0.05%, flatten above 0.5%)")

        // Someone buys 2,000 NVDA at the broker's desk: the book file holds it, the journal does not.
        let journalPath = root.appendingPathComponent("var/paper/journal.sqlite").path
        let bookPath = root.appendingPathComponent("var/paper/paper-book.tsv").path
        let journal = try SQLiteJournal.reconciliationSnapshot(path: journalPath)
        let expected = journal.positions["NVDA", default: 0]
        let price = try #require(journal.lastPrices["NVDA"])
        try PaperBroker.recordOutsideTrade(
            inBookAt: bookPath, id: "desk-1", symbol: "NVDA", side: .buy, quantity: 2_000,
            price: price, at: 1_900_000_000_000)

        let found = try await runner(["reconcile", "--once", "--root", root.path, "--env", "paper"])
        #expect(found.status == 8, "\(found.output)\(found.errors)")
        let lines = found.output.split(separator: "\n").map(String.init)
        let row = try #require(lines.first { $0.hasPrefix("NVDA ") })
        let notional = (Decimal(2_000) * price).rounded(toPlaces: 2).plainText(minimumFractionDigits: 2)
        #expect(
            row.split(separator: " ").map(String.init) == [
                "NVDA", String(expected), String(expected + 2_000), "+2000", price.plainText(minimumFractionDigits: 2),
                notional,
            ])
        #expect(lines.contains("fills only at the broker (1):"))
        #expect(lines.contains { $0.hasPrefix("  desk-1-x1 NVDA buy 2000 @ ") })
        #expect(
            lines.contains {
                $0.hasPrefix("mismatch: ") && $0.contains("(positions \(notional) + unknown open orders 0.00)")
            })
        #expect(lines.last == "verdict: flatten (alert above 0.05%, flatten above 0.5%)")
        // Every other symbol still agrees.
        for other in lines.drop(while: { !$0.hasPrefix("symbol ") }).dropFirst().prefix(while: {
            !$0.hasPrefix("fills ")
        })
        where !other.hasPrefix("NVDA ") {
            #expect(other.split(separator: " ")[3] == "0", "\(other)")
        }
    }

    @Test func aSmallTradeOutsideTheRunnerIsAnAlertAndAnOpposingOneCancelsIt() async throws {
        let root = try Repository.scratchCopyWithSample()
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = Workspace(root: root.path)
        let run = await workspace.run(requestedEnvironment: nil, processEnvironment: [:])
        try #require(run.exitCode == .success, "\(run.standardError)")
        let bookPath = root.appendingPathComponent("var/paper/paper-book.tsv").path
        let journal = try SQLiteJournal.reconciliationSnapshot(
            path: root.appendingPathComponent("var/paper/journal.sqlite").path)
        let price = try #require(journal.lastPrices["XOM"])
        // 20 shares of a symbol near 100 on about 1,000,000 of equity: about 0.2%, above 0.05% and below 0.5%.
        try PaperBroker.recordOutsideTrade(
            inBookAt: bookPath, id: "desk-1", symbol: "XOM", side: .sell, quantity: 20, price: price, at: 1)
        let alert = await workspace.reconcile(requestedEnvironment: "paper", processEnvironment: [:], once: true)
        #expect(alert.exitCode == .reconciliationAlert, "\(alert.standardOutput)\(alert.standardError)")
        let row = try #require(alert.standardOutput.split(separator: "\n").first { $0.hasPrefix("XOM ") })
        #expect(row.split(separator: " ")[3] == "-20")
        #expect(alert.standardOutput.hasSuffix("verdict: alert (alert above 0.05%, flatten above 0.5%)\n"))
        // Bought back at the desk: the positions agree again, and both executions are still only at the broker.
        try PaperBroker.recordOutsideTrade(
            inBookAt: bookPath, id: "desk-2", symbol: "XOM", side: .buy, quantity: 20, price: price, at: 2)
        let clean = await workspace.reconcile(requestedEnvironment: "paper", processEnvironment: [:], once: true)
        #expect(clean.exitCode == .success, "\(clean.standardOutput)")
        #expect(clean.standardOutput.contains("fills only at the broker (2):\n"))
    }

    @Test func withoutOnceItSaysWhereTheContinuousFormRuns() async throws {
        let output = await Workspace(root: Repository.root.path)
            .reconcile(requestedEnvironment: nil, processEnvironment: [:], once: false)
        #expect(output.exitCode == .usage)
        #expect(output.standardError.contains("runs inside `runner run`"))
    }

    @Test func anEnvironmentThatHasNotRunCannotBeReconciled() async throws {
        let root = try Repository.scratchCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = await Workspace(root: root.path)
            .reconcile(requestedEnvironment: "paper", processEnvironment: [:], once: true)
        #expect(output.exitCode == .reconciliationFailed)
        #expect(output.standardError.hasPrefix("reconcile: "))
        #expect(output.standardError.contains("journal.sqlite"))
    }
}
