import Foundation
import RunnerBroker
import RunnerCore
import RunnerRisk
import Testing

@testable import RunnerJournal

@Suite struct JournalRecoveryTests {
    /// Two orders still working (one scheduled only, one partly filled), one filled, one rejected.
    private func recordTradingSession(_ journal: SQLiteJournal) {
        let scheduled = Sample.child("c-scheduled", quantity: 300)
        let partial = Sample.child("c-partial", symbol: "MSFT", side: .sell, quantity: 200)
        let filled = Sample.child("c-filled")
        let rejected = Sample.child("c-rejected")
        journal.record(.childOrder(scheduled, status: .scheduled, at: 1))
        for order in [partial, filled, rejected] {
            journal.record(.childOrder(order, status: .scheduled, at: 1))
            journal.record(.childOrder(order, status: .new, at: 2))
        }
        journal.record(.childOrder(partial, status: .partiallyFilled, at: 3))
        journal.record(.execution(Sample.fill("e-1", order: "c-partial", symbol: "MSFT", side: .sell, quantity: 80)))
        journal.record(.childOrder(filled, status: .filled, at: 3))
        journal.record(.execution(Sample.fill("e-2", order: "c-filled")))
        journal.record(.childOrder(rejected, status: .rejected, at: 3))
        journal.record(.position(symbol: "AAPL", quantity: 100, averageCost: decimal("187.31"), at: 3))
        journal.record(.position(symbol: "MSFT", quantity: -80, averageCost: decimal("410.5"), at: 3))
        journal.record(.tradingState(TradingState(mode: .active, reason: .started, since: 0, tradingDay: 0)))
        journal.record(.tradingState(Sample.halted))
        journal.record(.progress(lastBarTimestamp: 240_000))
    }

    @Test func recoverReturnsOpenOrdersPositionsTradingStateAndProgress() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        try await withWriter(journal) { journal in
            recordTradingSession(journal)
            try await journal.flush()
            let state = try journal.recover()

            #expect(state.openOrders.map(\.order.clientOrderID) == ["c-scheduled", "c-partial"])
            #expect(state.openOrders.map(\.status) == [.scheduled, .partiallyFilled])
            #expect(state.openOrders.map(\.filledQuantity) == [0, 80])
            #expect(state.workingQuantities == ["AAPL": 300, "MSFT": -120])
            #expect(state.sentClientOrderIDs == ["c-partial", "c-filled", "c-rejected"])
            #expect(state.positions["AAPL"]?.quantity == 100)
            #expect(state.positions["MSFT"]?.averageCost == decimal("410.5"))
            #expect(state.tradingState == Sample.halted)
            #expect(state.lastBarTimestamp == 240_000)
            #expect(state.counts.childOrders == 4)
            #expect(state.counts.childOrderStatusChanges == 10)
            #expect(state.counts.executions == 2)
            #expect(state.counts.tradingStates == 2)
        }
    }

    @Test func anEmptyJournalRecoversNothing() throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let state = try folder.open().recover()
        #expect(state.openOrders.isEmpty && state.positions.isEmpty && state.sentClientOrderIDs.isEmpty)
        #expect(state.tradingState == nil && state.lastBarTimestamp == nil)
        #expect(state.counts == JournalCounts())
    }

    @Test func aJournalReopenedAfterCloseRecoversTheSameState() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let first = try folder.open()
        let before = try await withWriter(first) { journal in
            recordTradingSession(journal)
            try await journal.flush()
            return try journal.recover()
        }
        let reopened = try folder.open()
        #expect(try reopened.recover() == before)
        #expect(try reopened.executions().count == 2)
    }

    @Test func closeCommitsWhatIsStillBuffered() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        try await withWriter(journal) { journal in
            recordTradingSession(journal)  // no flush: close must commit it
        }
        #expect(try folder.open().recover().counts.childOrderStatusChanges == 10)
    }

    @Test func theDatabaseIsInWALMode() throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        #expect(try folder.open().journalMode() == "wal")
    }

    @Test func openingTheSameFileAgainKeepsItsSchemaAndRows() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let first = try folder.open()
        try await withWriter(first) { journal in
            journal.record(.heartbeat(journalTestHeartbeat(.router, at: 5_000)))
        }
        // Migrations already applied are skipped, whether the file is open elsewhere or not.
        let second = try folder.open()
        let third = try folder.open()
        #expect(try second.heartbeats().map(\.heartbeat) == [journalTestHeartbeat(.router, at: 5_000)])
        #expect(try third.counts().heartbeats == 1)
    }

    @Test func theRiskGateKeepsItsTradingStateAndDecisionsInTheJournal() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        try await withWriter(journal) { journal in
            let time = ManualTimeSource(milliseconds: 60_000)
            let gate = try RiskGate(limits: Sample.limits, time: time, session: .utcDay, store: journal, log: journal)
            time.set(70_000)
            try gate.halt(.killSwitch)
            let book = PortfolioView(lastPrices: ["AAPL": 187.25], equity: 1_000_000, startOfDayEquity: 1_000_000)
            _ = gate.evaluate(Sample.target, portfolio: book)
            // The halt is committed by the store itself, before any flush.
            #expect(try journal.tradingState()?.mode == .halted)
            try await journal.flush()
            #expect(try journal.decisions().map(\.code) == [.tradingHalted])
        }
        let restarted = try RiskGate(
            limits: Sample.limits, time: ManualTimeSource(milliseconds: 80_000), session: .utcDay,
            store: try folder.open())
        #expect(restarted.state.mode == .halted && restarted.state.reason == .killSwitch)
    }
}
