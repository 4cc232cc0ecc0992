import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import RunnerReconciliation
import Testing

/// Each fault through a real paper broker: a harness books what the broker delivers as a run does (each
/// execution once by id, or naively, every report) and a ``ReconciliationMonitor`` compares.
@Suite struct PaperFaultReconciliationTests {
    /// A paper broker and the book a run would keep from what it is told.
    final class Harness: @unchecked Sendable {
        let clock = ManualTimeSource(milliseconds: 1_000)
        let broker: PaperBroker
        /// Fills as delivered, in order (a run's journal would refuse a repeated id; `countsRepeats` does not).
        var delivered: [Fill] = []
        var sent: [String: ChildOrder] = [:]
        let countsRepeats: Bool
        let lock = NSLock()

        init(countsRepeats: Bool = false) {
            broker = PaperBroker(settings: PaperBrokerSettings(startingCash: Money(100_000, "USD")), time: clock)
            self.countsRepeats = countsRepeats
        }

        func send(_ id: String, _ symbol: Symbol, _ side: OrderSide, _ quantity: Int64) throws {
            let order = ChildOrder(
                clientOrderID: id, parentID: id, strategy: "s", symbol: symbol, side: side,
                quantity: quantity, venue: "primary", releaseAt: clock.nowMilliseconds, sliceIndex: 0)
            _ = try broker.submitNow(order)
            sent[id] = order
        }

        /// Shows a bar to the venue and books the fills it returns.
        func bar(_ symbol: Symbol, open: Double) {
            clock.advance(by: 60_000)
            let bar = Bar(
                symbol: symbol, timestamp: clock.nowMilliseconds, open: open, high: open, low: open, close: open,
                volume: 1_000_000)
            for fill in broker.process(bar) { deliver(fill) }
        }

        func deliver(_ fill: Fill) {
            lock.withLock {
                if countsRepeats || !delivered.contains(where: { $0.executionID == fill.executionID }) {
                    delivered.append(fill)
                }
            }
        }

        /// The book a run keeps: positions from the fills booked, working orders it sent and did not see filled.
        var expected: ExpectedBook {
            lock.withLock {
                var positions: [Symbol: Int64] = [:]
                var filled: [String: Int64] = [:]
                for fill in delivered {
                    positions[fill.symbol, default: 0] += fill.signedQuantity
                    filled[fill.clientOrderID, default: 0] += fill.quantity
                }
                let open = sent.values.filter { filled[$0.clientOrderID, default: 0] < $0.quantity }.map {
                    ReconciliationOrder(
                        clientOrderID: $0.clientOrderID, symbol: $0.symbol, side: $0.side,
                        remainingQuantity: $0.quantity - filled[$0.clientOrderID, default: 0])
                }
                return ExpectedBook(positions: positions.filter { $0.value != 0 }, fills: delivered, openOrders: open)
            }
        }

        /// A monitor over this harness with equity 100,000 and the last prices given.
        func monitor(mode: TradingMode = .paper, prices: [Symbol: Decimal] = ["AAPL": 50]) -> ReconciliationMonitor {
            ReconciliationMonitor(
                check: ReconciliationCheck(
                    interval: 60_000, thresholds: Fixtures.thresholds, mode: mode, environment: "paper"),
                broker: broker,
                sources: .init(
                    expected: { self.expected },
                    expectedFills: { since in self.expected.fills.filter { $0.timestamp >= since } },
                    prices: { prices }, equity: { 100_000 }, fillsSince: 0))
        }
    }

    @Test func aRunThatHeardEverythingIsClean() async throws {
        let harness = Harness()
        try harness.send("o1", "AAPL", .buy, 100)
        harness.bar("AAPL", open: 50)
        let initial = await harness.monitor().initialCheck(now: harness.clock.nowMilliseconds)
        let report = try initial.result.get()
        #expect(report.booksAgree)
        #expect(initial.action == .none)
        #expect(initial.mayTrade)
    }

    /// A dropped fill report of 1, 2, 10 or 11 shares at 50 on equity 100,000: 0.05% is not above the alert
    /// threshold, 0.1% is; 0.5% is not above the flatten threshold, 0.55% is.
    @Test(arguments: [
        (Int64(1), ReconciliationReport.Verdict.clean), (2, .alert), (10, .alert), (11, .flatten),
    ])
    func aDroppedFillReportShowsAsABrokerOnlyExecution(quantity: Int64, verdict: ReconciliationReport.Verdict)
        async throws
    {
        let harness = Harness()
        try harness.send("o1", "AAPL", .buy, 100)
        harness.bar("AAPL", open: 50)
        harness.broker.inject { $0.dropNextFillReport = true }
        try harness.send("o2", "AAPL", .buy, quantity)
        harness.bar("AAPL", open: 50)
        let monitor = harness.monitor(mode: .live)
        let initial = await monitor.initialCheck(now: harness.clock.nowMilliseconds)
        let report = try initial.result.get()
        #expect(report.fillsOnlyAtBroker.map(\.clientOrderID) == ["o2"])
        #expect(report.rows.first?.difference == quantity)
        #expect(report.mismatch == Decimal(quantity) * 50 / 100_000)
        #expect(report.verdict == verdict)
        // The run still believes o2 is working; the broker filled it.
        #expect(report.ordersOnlyExpected.map(\.clientOrderID) == ["o2"])
        #expect(initial.mayTrade == (verdict != .flatten))
        switch verdict {
        case .clean: #expect(initial.action == .none)
        case .alert: #expect(initial.action.alert?.severity == .warning)
        case .flatten:
            guard case .flatten = initial.action else {
                Issue.record("expected a flatten, got \(initial.action)"); return
            }
        }
    }

    @Test func aDuplicatedFillReportIsHarmlessToARunThatBooksEachExecutionOnce() async throws {
        for countsRepeats in [false, true] {
            let harness = Harness(countsRepeats: countsRepeats)
            var reports = harness.broker.executions.makeAsyncIterator()
            try harness.send("o1", "AAPL", .buy, 3)
            harness.broker.inject { $0.duplicateNextFillReport = true }
            let bar = Bar(symbol: "AAPL", timestamp: 61_000, open: 50, high: 50, low: 50, close: 50, volume: 1_000_000)
            harness.clock.set(61_000)
            _ = harness.broker.process(bar)
            // What the stream says: accepted, then the fill twice. The harness books every fill report it reads.
            var fillReports = 0
            while fillReports < 2, let report = await reports.next() {
                if case .filled(let fill) = report {
                    harness.deliver(fill)
                    fillReports += 1
                }
            }
            let report = try await harness.monitor().compare().get()
            if countsRepeats {
                #expect(report.fillsCountedTwice == ["o1-x1"])
                #expect(report.rows.first?.expected == 6)
                #expect(report.mismatch == Fixtures.decimal("0.0015"))
                #expect(report.verdict == .alert)
            } else {
                #expect(report.booksAgree)
                #expect(report.verdict == .clean)
            }
        }
    }

    @Test(arguments: [(Int64(1), ReconciliationReport.Verdict.clean), (2, .alert), (11, .flatten)])
    func anOrderPlacedOutsideTheRunnerIsValuedAtItsRemainingShares(
        quantity: Int64,
        verdict: ReconciliationReport.Verdict
    ) async throws {
        let harness = Harness()
        let outside = ChildOrder(
            clientOrderID: "desk-1", parentID: "desk-1", strategy: "desk", symbol: "AAPL",
            side: .sell, quantity: quantity, venue: "primary", releaseAt: 0, sliceIndex: 0)
        try harness.broker.placeOrderOutsideRunner(outside, at: harness.clock.nowMilliseconds)
        let report = try await harness.monitor().compare().get()
        #expect(report.ordersOnlyAtBroker.map(\.clientOrderID) == ["desk-1"])
        #expect(report.unknownOrderNotional == Decimal(quantity) * 50)
        #expect(report.verdict == verdict)
        // The venue refuses a second order with the same id, outside or not.
        #expect(throws: BrokerError.duplicateClientOrderID("desk-1")) {
            try harness.broker.placeOrderOutsideRunner(outside, at: 0)
        }
    }

    @Test(arguments: [(Int64(-1), ReconciliationReport.Verdict.clean), (-2, .alert), (10, .alert), (-11, .flatten)])
    func aPositionChangedAtTheBrokerOutsideTheRunnerIsFound(
        change: Int64,
        verdict: ReconciliationReport.Verdict
    ) async throws {
        let harness = Harness()
        try harness.send("o1", "AAPL", .buy, 40)
        harness.bar("AAPL", open: 50)
        try harness.broker.tradeOutsideRunner(
            id: "desk-7", symbol: "AAPL", side: change > 0 ? .buy : .sell, quantity: Int64(change.magnitude),
            price: 49, at: harness.clock.nowMilliseconds)
        let monitor = harness.monitor()
        let report = try await monitor.compare().get()
        #expect(report.rows.map(\.broker) == [40 + change])
        #expect(report.rows.map(\.expected) == [40])
        #expect(report.fillsOnlyAtBroker.map(\.executionID) == ["desk-7-x1"])
        #expect(report.ordersOnlyAtBroker.isEmpty)
        #expect(report.verdict == verdict)
        #expect(try await harness.broker.positions()["AAPL"] == 40 + change)
    }

    @Test func aSymbolWithoutAMarketPriceIsPricedAtTheBrokersLastExecutionOfIt() async throws {
        let harness = Harness()
        try harness.broker.tradeOutsideRunner(
            id: "desk-9", symbol: "TSLA", side: .buy, quantity: 1, price: 25,
            at: harness.clock.nowMilliseconds)
        let report = try await harness.monitor(prices: [:]).compare().get()
        #expect(report.rows.first?.price == 25)
        #expect(report.mismatch == Fixtures.decimal("0.00025"))
    }

    @Test func aBrokerThatCannotBeAskedFailsTheCheckAndALiveRunHoldsItsOrders() async throws {
        let harness = Harness()
        harness.broker.inject { $0.disconnected = true }
        let monitor = harness.monitor(mode: .live)
        let initial = await monitor.initialCheck(now: 5)
        #expect(initial.result == .failure(.broker(.disconnected)))
        #expect(!initial.mayTrade)
        #expect(!monitor.mayTrade)
        // Not due again until the interval has passed on the run's clock; then it succeeds and reopens.
        harness.broker.inject { $0.disconnected = false }
        #expect(await monitor.checkIfDue(now: 60_004) == .none)
        #expect(!monitor.mayTrade)
        #expect(await monitor.checkIfDue(now: 60_005).alert?.severity == .info)
        #expect(monitor.mayTrade)
        // A reconnect gates orders until the next check, which is due at once.
        monitor.connectionRestored()
        #expect(!monitor.mayTrade)
        #expect(await monitor.checkIfDue(now: 60_006) == .none)
        #expect(monitor.mayTrade)
    }

    @Test func periodicChecksReadExecutionsOnlyToExplainADifference() async throws {
        let harness = Harness()
        try harness.send("o1", "AAPL", .buy, 10)
        harness.bar("AAPL", open: 50)
        // The runner booked the execution at another price: positions agree, the execution does not.
        harness.lock.withLock { harness.delivered[0].price = 49 }
        let monitor = harness.monitor()
        let initial = try await monitor.initialCheck(now: harness.clock.nowMilliseconds).result.get()
        #expect(initial.fillsThatDisagree.map(\.expected.executionID) == ["o1-x1"])
        #expect(initial.verdict == .clean)
        let periodic = try await monitor.compare(fills: .toExplainADifference).get()
        #expect(periodic.fillsThatDisagree.isEmpty)
        #expect(periodic.verdict == .clean)
        // Once positions differ, the periodic check reads executions again and names the one missing.
        try harness.broker.tradeOutsideRunner(id: "desk-3", symbol: "AAPL", side: .buy, quantity: 2, price: 50, at: 0)
        let differing = try await monitor.compare(fills: .toExplainADifference).get()
        #expect(differing.fillsOnlyAtBroker.map(\.executionID) == ["desk-3-x1"])
        #expect(differing.fillsThatDisagree.map(\.expected.executionID) == ["o1-x1"])
        #expect(differing.verdict == .alert)
    }
}
