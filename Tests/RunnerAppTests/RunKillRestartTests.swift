import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import RunnerJournal
import RunnerSignals
import RunnerTesting
import Testing

/// SIGKILL at random points of a real `runner run`, restart, again and again, then let it finish: the
/// broker must have received exactly the orders of an uninterrupted run of the same data (none lost, none
/// twice), the journal must agree with the broker on every order and fill, and it must hold what the
/// uninterrupted run's journal holds, record for record. Needs the built binary (`.ci/run` builds
/// before testing).
@Suite struct RunKillRestartTests {
    static let binary = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("runner")

    /// A scratch copy of the examples with 20 days of seeded bars, most orders sliced (TWAP) and filled
    /// in parts (a participation cap of 0.5%), so crashes land among scheduled slices and partial fills.
    private func workspace() throws -> URL {
        let root = try Repository.scratchCopy(edits: [
            "environments/paper.yaml": [
                ("max_participation: 2%", "max_participation: 0.5%"),
                ("slice_above: 5% of 1m volume", "slice_above: 1% of 1m volume"),
            ]
        ])
        _ = try SyntheticBars(symbols: ["AAPL", "MSFT", "NVDA", "XOM", "JPM"], days: 20)
            .write(to: root.appendingPathComponent("data/sample").path)
        return root
    }

    /// Starts `runner run`; the caller reads its standard error as it goes.
    private func start(_ root: URL) throws -> (process: Process, output: Pipe, errors: Pipe) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["run", "--root", root.path, "--progress-every", "500"]
        process.environment = ChildEnvironment.minimal
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return (process, output, errors)
    }

    /// Runs to the end; returns the summary printed.
    private func runToTheEnd(_ root: URL) throws -> String {
        let (process, output, _) = try start(root)
        let text = String(decoding: output.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        return text
    }

    /// Kills the run with SIGKILL once it has printed `lines` progress lines (plus a few random
    /// milliseconds); returns true when the kill found it still running.
    private func killAfter(progressLines lines: Int, pause: UInt32, _ root: URL) throws -> Bool {
        let (process, _, errors) = try start(root)
        var seen = Data()
        while String(decoding: seen, as: UTF8.self).components(separatedBy: " bars, ").count - 1 < lines {
            let chunk = errors.fileHandleForReading.readSomeRetryingInterrupts()
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        usleep(pause)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    /// The orders the broker accepted, as its book file lists them: id, side, quantity and time.
    private func brokerOrders(_ root: URL) throws -> [String] {
        let book = try String(contentsOf: root.appendingPathComponent("var/paper/paper-book.tsv"), encoding: .utf8)
        var orders: [String] = []
        for line in book.split(separator: "\n") {
            let fields: [Substring] = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count > 9, fields[2] == "A" else { continue }
            orders.append([fields[4], fields[8], fields[9], fields[3]].joined(separator: " "))
        }
        return orders
    }

    @Test func killedAtRandomPointsTheRunSendsExactlyTheOrdersOfAnUninterruptedOne() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the runner binary first")
        let reference = try workspace()
        let crashed = try workspace()
        defer {
            try? FileManager.default.removeItem(at: reference)
            try? FileManager.default.removeItem(at: crashed)
        }
        let uninterrupted = try await OwnThread.run { try self.runToTheEnd(reference) }

        var random = SplitMix64(seed: 20_261_125)
        var kills = 0
        for _ in 0..<6 {
            let lines = Int.random(in: 1...6, using: &random)
            let pause = UInt32.random(in: 0..<20_000, using: &random)
            if try await OwnThread.run({ try self.killAfter(progressLines: lines, pause: pause, crashed) }) {
                kills += 1
            }
        }
        let resumed = try await OwnThread.run { try self.runToTheEnd(crashed) }
        #expect(kills >= 3, "most kills must find the run still going")
        #expect(resumed.contains("resumed after a crash"), "\(resumed)")

        // The broker saw the same orders, each once.
        let expectedOrders = try brokerOrders(reference)
        let orders = try brokerOrders(crashed)
        #expect(Set(orders.map { $0.split(separator: " ")[0] }).count == orders.count, "an id sent twice")
        let missing = Set(expectedOrders).subtracting(orders).sorted()
        let extra = Set(orders).subtracting(expectedOrders).sorted()
        #expect(missing.isEmpty && extra.isEmpty, "not sent: \(missing.prefix(10)); sent instead: \(extra.prefix(10))")

        // The journal agrees with the broker on every order and fill, and with the uninterrupted run.
        let journal = try SQLiteJournal(path: crashed.appendingPathComponent("var/paper/journal.sqlite").path)
        let referenceJournal = try SQLiteJournal(path: reference.appendingPathComponent("var/paper/journal.sqlite").path)
        let broker = try PaperBroker(
            settings: PaperBrokerSettings(startingCash: Money(1_000_000, "USD")), time: ManualTimeSource(milliseconds: 0),
            bookPath: crashed.appendingPathComponent("var/paper/paper-book.tsv").path)
        // Nothing in the resumed runs took the account for another's: no reconciliation finding, no kill.
        let safety = try journal.alerts().filter { $0.kind == .reconciliation || $0.kind == .kill || $0.kind == .heartbeat }
        #expect(safety.isEmpty, "\(safety.map { "\($0.level) \($0.message.prefix(300))" })")
        let journaled = Dictionary(try journal.childOrders().map { ($0.order.clientOrderID, $0) }, uniquingKeysWith: { $1 })
        for order in broker.allOrders {
            let entry = journaled[order.order.clientOrderID]
            #expect(entry?.order == order.order, "order \(order.order.clientOrderID) missing from the journal")
            #expect(entry.map { ($0.filledQuantity, $0.isTerminal) } ?? (-1, false) == (order.filledQuantity, true))
        }
        #expect(try journal.recover().openOrders.isEmpty)
        #expect(try journal.executions() == broker.allFills)
        // The runs did slice and fill in parts, so the crashes fell among both.
        #expect(try referenceJournal.parentOrders().contains { $0.algorithm == .twap })
        #expect(Dictionary(grouping: try referenceJournal.executions(), by: \.clientOrderID).values.contains { $0.count > 1 })
        // The journal itself is the uninterrupted run's, record for record, in the same order.
        #expect(try journal.executions() == referenceJournal.executions())
        #expect(try journal.positions() == referenceJournal.positions())
        #expect(try journal.childOrders() == referenceJournal.childOrders())
        #expect(try journal.parentOrders() == referenceJournal.parentOrders())
        #expect(try journal.signals() == referenceJournal.signals())
        #expect(try journal.decisions() == referenceJournal.decisions())
        let equity = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("equity: ") } }
        #expect(equity(resumed) == equity(uninterrupted))
        try await journal.close()
        try await referenceJournal.close()
    }
}
