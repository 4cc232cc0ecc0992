import Foundation
import GRDB
import RunnerBroker
import RunnerCore
import RunnerRisk
import RunnerRouting
import Testing

@testable import RunnerJournal

@Suite struct JournalRoundTripTests {
    @Test func everyEntryKindReadsBackAsRecorded() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let approval = try Sample.decision()
        let denial = try Sample.denial()
        let parent = try Sample.parent()
        let child = parent.children[0]
        let fill = Sample.fill("exec-1", order: child.clientOrderID, fee: decimal("0.0035"))
        let journal = try folder.open()
        try await withWriter(journal) { journal in
            journal.record(.signal(Sample.target))
            journal.record(.decision(approval, at: 60_001))
            journal.record(.decision(denial, at: 60_002))
            journal.record(.parentOrder(parent, at: 60_003))
            journal.record(.childOrder(child, status: .new, at: 60_004))
            journal.record(.execution(fill))
            journal.record(.position(symbol: "AAPL", quantity: 100, averageCost: decimal("187.31"), at: 61_000))
            journal.record(.heartbeat(journalTestHeartbeat(.signalEngine, at: 65_000)))
            journal.record(.alert(level: "warning", message: "fill mismatch 0.07% on AAPL", at: 66_000))
            journal.record(.tradingState(Sample.halted))
            journal.record(.progress(lastBarTimestamp: 120_000))
            try await journal.flush()

            #expect(try journal.signals() == [Sample.target])
            let decisions = try journal.decisions()
            #expect(decisions.map(\.isApproved) == [true, false])
            #expect(decisions.map(\.target) == [Sample.target, try #require(denial.denial).target])
            #expect(decisions.map(\.line) == [approval.logLine(at: 60_001), denial.logLine(at: 60_002)])
            #expect(decisions[1].code == .positionRiskExceeded)
            #expect(decisions[1].figures == denial.denial?.figures)
            #expect(decisions[0].code == nil && decisions[0].figures.isEmpty)
            #expect(
                try journal.parentOrders() == [
                    JournaledParentOrder(
                        id: parent.id, at: 60_003, strategy: "ma_cross", symbol: "AAPL", quantity: 2_000,
                        algorithm: .twap, childOrderIDs: parent.children.map(\.clientOrderID))
                ])
            #expect(
                try journal.childOrders() == [
                    JournaledChildOrder(
                        order: child, status: .new, firstAt: 60_004, updatedAt: 60_004,
                        filledQuantity: 100)
                ])
            #expect(try journal.executions() == [fill])
            #expect(
                try journal.positions() == [
                    JournaledPosition(symbol: "AAPL", quantity: 100, averageCost: decimal("187.31"), at: 61_000)
                ])
            #expect(try journal.heartbeats().map(\.heartbeat) == [journalTestHeartbeat(.signalEngine, at: 65_000)])
            #expect(
                try journal.alerts() == [
                    JournaledAlert(level: "warning", message: "fill mismatch 0.07% on AAPL", at: 66_000)
                ])
            #expect(try journal.tradingState() == Sample.halted)
            #expect(try journal.lastBarTimestamp() == 120_000)
            #expect(try journal.signalsCount() == 1)
        }
    }

    @Test func aDuplicateExecutionIsStoredOnceAndCounted() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        let fill = Sample.fill("exec-7", order: "order-1")
        try await withWriter(journal) { journal in
            journal.record(.execution(fill))
            journal.record(.execution(fill))  // in the same batch
            try await journal.flush()
            var replayed = fill
            replayed.price = 999  // a later copy of the report never overwrites the first
            journal.record(.execution(replayed))  // in a later batch
            journal.record(.execution(Sample.fill("exec-8", order: "order-1")))
            try await journal.flush()

            #expect(try journal.executions().map(\.executionID) == ["exec-7", "exec-8"])
            #expect(try journal.executions().first?.price == fill.price)
            #expect(journal.statistics.duplicateExecutions == 2)
            #expect(journal.statistics.committed == 4)
        }
    }

    @Test func aChildOrderKeepsEveryStatusAndItsLatest() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        let order = Sample.child("paper-ma_cross-AAPL-60000-0")
        try await withWriter(journal) { journal in
            for (offset, status) in [OrderStatus.scheduled, .new, .accepted, .partiallyFilled].enumerated() {
                journal.record(.childOrder(order, status: status, at: 60_000 + Int64(offset)))
            }
            try await journal.flush()
            #expect(try journal.childOrders().map(\.status) == [.partiallyFilled])

            journal.record(
                .brokerOrder(
                    BrokerOrder(order: order, filledQuantity: 100, status: .filled, acceptedAt: 60_002),
                    at: 60_010))
            // A late report of an earlier state does not reopen a filled order, but it is in the history.
            journal.record(.childOrder(order, status: .accepted, at: 60_011))
            try await journal.flush()

            let latest = try #require(try journal.childOrders().first)
            #expect(latest.status == .filled)
            #expect(latest.updatedAt == 60_010)
            #expect(latest.firstAt == 60_000)
            #expect(latest.isTerminal && latest.workingQuantity == 0)
            let history = try journal.childOrderHistory(clientOrderID: order.clientOrderID)
            #expect(
                history.map(\.status) == [.scheduled, .new, .accepted, .partiallyFilled, .filled, .accepted])
            #expect(history.map(\.at) == [60_000, 60_001, 60_002, 60_003, 60_010, 60_011])
            #expect(try journal.counts().childOrders == 1)
            #expect(try journal.counts().childOrderStatusChanges == 6)
        }
    }

    @Test func positionsKeepTheLatestPerSymbolAndProgressNeverMovesBack() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        try await withWriter(journal) { journal in
            journal.record(.position(symbol: "AAPL", quantity: 100, averageCost: decimal("187.31"), at: 61_000))
            journal.record(.position(symbol: "MSFT", quantity: -50, averageCost: decimal("410.5"), at: 61_500))
            journal.record(.progress(lastBarTimestamp: 180_000))
            try await journal.flush()
            journal.record(.position(symbol: "AAPL", quantity: 0, averageCost: 0, at: 62_000))
            journal.record(.progress(lastBarTimestamp: 120_000))
            try await journal.flush()

            #expect(try journal.positions().map(\.symbol) == ["AAPL", "MSFT"])
            #expect(try journal.positions().map(\.quantity) == [0, -50])
            #expect(try journal.lastBarTimestamp() == 180_000)
        }
    }

    @Test(arguments: [
        ("3.64", "3.64"), ("0.35", "0.35"), ("3.6", "3.60"), ("0.0035", "0.0035"), ("0.00001", "0.00001"),
        ("0.000000001", "0.000000001"), ("12345.67", "12345.67"), ("-0.10", "-0.10"), ("0", "0.00"),
    ])
    func feesAreCashWrittenAsDecimalTextThatReadsBackExactly(fee: String, journaled: String) async throws {
        let amount = decimal(fee)
        #expect(DecimalText.string(amount) == journaled)
        #expect(DecimalText.decimal(journaled) == amount)
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        try await withWriter(journal) { journal in
            journal.record(.execution(Sample.fill("exec-fee", order: "order-1", fee: amount)))
            try await journal.flush()
            #expect(try journal.executions().map(\.fee) == [amount])
            #expect(try journal.read { try String.fetchAll($0.db, sql: "SELECT fee FROM executions") } == [journaled])
        }
    }

    @Test func pricesAndAverageCostsAreJournaledAsExactDecimalText() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        let fills = [
            Sample.fill("exec-1", order: "order-1", price: decimal("56.31"), fee: decimal("3.64")),
            Sample.fill("exec-2", order: "order-2", symbol: "PENNY", price: decimal("0.4995"), fee: decimal("0")),
        ]
        // A third of 1000.01: more digits than a Double holds, kept as the ledger computed them.
        let average = decimal("1000.01") / 3
        try await withWriter(journal) { journal in
            for fill in fills { journal.record(.execution(fill)) }
            journal.record(.position(symbol: "AAPL", quantity: 3, averageCost: average, at: 61_000))
            try await journal.flush()
            #expect(try journal.executions() == fills)
            #expect(try journal.positions().map(\.averageCost) == [average])
            let rows = try journal.read { reader in
                try Row.fetchAll(reader.db, sql: "SELECT price, typeof(price) AS type, fee FROM executions ORDER BY id")
                    .map { [$0["price"] as String, $0["type"] as String, $0["fee"] as String] }
            }
            #expect(rows == [["56.31", "text", "3.64"], ["0.4995", "text", "0.00"]])
            let cost = try journal.read { try String.fetchOne($0.db, sql: "SELECT average_cost FROM positions") }
            #expect(cost == average.plainText(minimumFractionDigits: 2))
            #expect(cost?.hasPrefix("333.33666666666666666666666") == true)
        }
    }

    @Test func aPositionGivenByItsCostBasisIsJournaledWithTheAverageCostTheLedgerWouldGive() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        try await withWriter(journal) { journal in
            journal.record(.positionBasis(symbol: "AAPL", quantity: -3, costBasis: decimal("-3000.03"), at: 61_000))
            journal.record(.positionBasis(symbol: "MSFT", quantity: 0, costBasis: 0, at: 61_000))
            try await journal.flush()
            let positions = try journal.positions()
            #expect(positions.map(\.quantity) == [-3, 0])
            #expect(positions.map(\.averageCost) == [decimal("-3000.03") / Decimal(-3), 0])
        }
    }

    @Test(arguments: ["56.31x", " 56.31", "+56.31", "56,31", "NaN", "", "1e", "."])
    func textThatIsNotADecimalNumberIsRefused(text: String) {
        #expect(DecimalText.decimal(text) == nil)
    }

    @Test func aMemoryJournalKeepsEntriesInOrder() async throws {
        let journal: any Journal = MemoryJournal()
        journal.record(.heartbeat(journalTestHeartbeat(.riskGate, at: 1)))
        journal.record(.progress(lastBarTimestamp: 2))
        try await journal.flush()
        let entries = try #require((journal as? MemoryJournal)?.entries)
        #expect(entries.count == 2)
        guard case .heartbeat(let heartbeat) = entries[0] else {
            Issue.record("expected a heartbeat first, got \(entries[0])")
            return
        }
        #expect(heartbeat == journalTestHeartbeat(.riskGate, at: 1))
    }
}
