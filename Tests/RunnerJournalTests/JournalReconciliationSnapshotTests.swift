import Foundation
import RunnerBroker
import RunnerCore
import Testing

@testable import RunnerJournal

/// The journal as `runner reconcile` reads it: read-only, beside the run that writes it.
@Suite struct JournalReconciliationSnapshotTests {
    @Test func theSnapshotHoldsPositionsExecutionsWorkingOrdersAndLastPrices() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        try await journal.beginRun(environment: "paper", fingerprint: "f", at: 0)
        try await withWriter(journal) { journal in
            let scheduled = Sample.child("c-scheduled", quantity: 300)
            let partial = Sample.child("c-partial", symbol: "MSFT", side: .sell, quantity: 200)
            let filled = Sample.child("c-filled")
            journal.record(.childOrder(scheduled, status: .scheduled, at: 1))
            for order in [partial, filled] { journal.record(.childOrder(order, status: .new, at: 2)) }
            journal.record(.childOrder(partial, status: .partiallyFilled, at: 3))
            journal.record(
                .execution(Sample.fill("e-1", order: "c-partial", symbol: "MSFT", side: .sell, quantity: 80)))
            journal.record(.childOrder(filled, status: .filled, at: 3))
            journal.record(.execution(Sample.fill("e-2", order: "c-filled", price: decimal("187.5"))))
            journal.record(.position(symbol: "AAPL", quantity: 100, averageCost: decimal("187.5"), at: 3))
            journal.record(.position(symbol: "MSFT", quantity: -80, averageCost: decimal("187.31"), at: 3))
            journal.record(.position(symbol: "XOM", quantity: 0, averageCost: 0, at: 3))
            // AAPL's signal is older than its execution; JPM has only a signal; MSFT's signal is the later.
            journal.record(.signal(Sample.target))
            var jpm = Sample.target
            jpm.symbol = "JPM"
            jpm.referencePrice = 57.5
            journal.record(.signal(jpm))
            var msft = Sample.target
            msft.symbol = "MSFT"
            msft.referencePrice = 410.25
            msft.decisionTime = 120_000
            journal.record(.signal(msft))
            journal.record(.progress(lastBarTimestamp: 240_000))
            try await journal.flush()

            // Read while the writer still runs.
            let snapshot = try SQLiteJournal.reconciliationSnapshot(path: folder.path)
            #expect(snapshot.environment == "paper")
            #expect(snapshot.positions == ["AAPL": 100, "MSFT": -80])
            #expect(snapshot.executions.map(\.executionID) == ["e-1", "e-2"])
            #expect(snapshot.workingOrders.map(\.order.clientOrderID) == ["c-partial"])
            #expect(snapshot.workingOrders.map(\.filledQuantity) == [80])
            #expect(
                snapshot.lastPrices == ["AAPL": decimal("187.5"), "JPM": decimal("57.5"), "MSFT": decimal("410.25")])
            #expect(snapshot.lastBarTimestamp == 240_000)
        }
    }

    @Test func aPathWithoutAJournalIsRefusedAndLeftAsItIs() throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        #expect(throws: JournalError.self) { try SQLiteJournal.reconciliationSnapshot(path: folder.path) }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}
