import Foundation
import RunnerBroker
import RunnerCore
import RunnerReconciliation
import Testing

/// The comparison, case by case: each kind of difference, the mismatch figure and the verdict.
@Suite struct ReconcilerTests {
    let prices: [Symbol: Decimal] = ["AAPL": Fixtures.decimal("50"), "MSFT": Fixtures.decimal("400.25")]

    @Test func identicalBooksAreCleanWithZeroMismatch() throws {
        let fills = [Fixtures.fill("x1", "AAPL", .buy, 100, "50"), Fixtures.fill("x2", "MSFT", .sell, 10, "400.25")]
        let orders = [Fixtures.order("o1", "AAPL", remaining: 30)]
        let report = try Reconciler.compare(
            expected: ExpectedBook(positions: ["AAPL": 100, "MSFT": -10], fills: fills, openOrders: orders),
            broker: BrokerBook(positions: ["AAPL": 100, "MSFT": -10], fills: fills.reversed(), openOrders: orders),
            prices: prices, equity: 100_000, thresholds: Fixtures.thresholds)
        #expect(report.mismatch == 0)
        #expect(report.verdict == .clean)
        #expect(report.booksAgree)
        #expect(report.rows.map(\.symbol) == ["AAPL", "MSFT"])
        #expect(report.rows.map(\.difference) == [0, 0])
    }

    /// Equity 100,000 and AAPL at 50: each share the broker holds beyond the journal is 0.05% of equity...
    /// times 0.01: one share is 0.0005 = exactly `alert_above`, not above it.
    @Test(arguments: [
        (Int64(1), "0.0005", ReconciliationReport.Verdict.clean),
        (2, "0.001", .alert),
        (10, "0.005", .alert),
        (11, "0.0055", .flatten),
        (-11, "0.0055", .flatten),
        (-1, "0.0005", .clean),
        (0, "0", .clean),
    ])
    func aPositionDifferenceIsValuedAtTheLastPriceOverEquity(
        difference: Int64, mismatch: String,
        verdict: ReconciliationReport.Verdict
    ) throws {
        let report = try Reconciler.compare(
            expected: ExpectedBook(positions: ["AAPL": 200]), broker: BrokerBook(positions: ["AAPL": 200 + difference]),
            prices: prices, equity: 100_000, thresholds: Fixtures.thresholds)
        #expect(report.mismatch == Fixtures.decimal(mismatch))
        #expect(report.verdict == verdict)
        #expect(report.rows.first?.difference == difference)
        #expect(report.positionNotional == Decimal(difference.magnitude) * 50)
    }

    @Test func aFillOnlyTheBrokerHasIsListedAndItsSharesCount() throws {
        let booked = Fixtures.fill("x1", "AAPL", .buy, 100, "50")
        let dropped = Fixtures.fill("x2", "AAPL", .buy, 40, "51")
        let report = try Reconciler.compare(
            expected: ExpectedBook(positions: ["AAPL": 100], fills: [booked]),
            broker: BrokerBook(positions: ["AAPL": 140], fills: [booked, dropped]),
            prices: prices, equity: 100_000, thresholds: Fixtures.thresholds)
        #expect(report.fillsOnlyAtBroker == [dropped])
        #expect(report.fillsOnlyExpected.isEmpty)
        #expect(report.mismatch == Fixtures.decimal("0.02"))
        #expect(report.verdict == .flatten)
    }

    @Test func anExecutionCountedTwiceIsNamedOnceAndTheDoubledSharesCount() throws {
        let fill = Fixtures.fill("x1", "MSFT", .buy, 5, "400.25")
        let report = try Reconciler.compare(
            expected: ExpectedBook(positions: ["MSFT": 10], fills: [fill, fill, fill]),
            broker: BrokerBook(positions: ["MSFT": 5], fills: [fill]),
            prices: prices, equity: 400_250, thresholds: Fixtures.thresholds)
        #expect(report.fillsCountedTwice == ["x1"])
        #expect(report.fillsOnlyAtBroker.isEmpty && report.fillsOnlyExpected.isEmpty)
        #expect(report.mismatch == Fixtures.decimal("0.005"))
        #expect(report.verdict == .alert)
    }

    @Test func aBrokerRepeatingAnExecutionIsOneExecution() throws {
        let fill = Fixtures.fill("x1", "MSFT", .buy, 5, "400.25")
        let report = try Reconciler.compare(
            expected: ExpectedBook(positions: ["MSFT": 5], fills: [fill]),
            broker: BrokerBook(positions: ["MSFT": 5], fills: [fill, fill]),
            prices: prices, equity: 100_000, thresholds: Fixtures.thresholds)
        #expect(report.booksAgree)
    }

    @Test(arguments: [
        Fixtures.fill("x1", "AAPL", .buy, 60, "50"), Fixtures.fill("x1", "AAPL", .sell, 50, "50"),
        Fixtures.fill("x1", "AAPL", .buy, 50, "50.01"), Fixtures.fill("x1", "MSFT", .buy, 50, "50"),
    ])
    func anExecutionBothHaveWithOtherFiguresDisagrees(brokerFill: Fill) throws {
        let expectedFill = Fixtures.fill("x1", "AAPL", .buy, 50, "50")
        let report = try Reconciler.compare(
            expected: ExpectedBook(positions: ["AAPL": 50], fills: [expectedFill]),
            broker: BrokerBook(positions: ["AAPL": 50], fills: [brokerFill]),
            prices: prices, equity: 100_000, thresholds: Fixtures.thresholds)
        #expect(report.fillsThatDisagree == [.init(expected: expectedFill, broker: brokerFill)])
        #expect(!report.booksAgree)
    }

    @Test func aFillOnlyTheJournalHasIsListed() throws {
        let fill = Fixtures.fill("x9", "AAPL", .sell, 10, "50")
        let report = try Reconciler.compare(
            expected: ExpectedBook(positions: ["AAPL": -10], fills: [fill]), broker: BrokerBook(positions: [:]),
            prices: prices, equity: 100_000, thresholds: Fixtures.thresholds)
        #expect(report.fillsOnlyExpected == [fill])
        #expect(report.mismatch == Fixtures.decimal("0.005"))
    }

    @Test(arguments: [(Int64(1), ReconciliationReport.Verdict.clean), (2, .alert), (11, .flatten)])
    func anOpenOrderTheJournalDoesNotKnowCountsItsRemainingShares(
        remaining: Int64,
        verdict: ReconciliationReport.Verdict
    ) throws {
        let outside = Fixtures.order("outside-1", "AAPL", .sell, remaining: remaining)
        let report = try Reconciler.compare(
            expected: ExpectedBook(positions: [:], openOrders: [Fixtures.order("o1", "MSFT", remaining: 3)]),
            broker: BrokerBook(positions: [:], openOrders: [outside, Fixtures.order("o1", "MSFT", remaining: 3)]),
            prices: prices, equity: 100_000, thresholds: Fixtures.thresholds)
        #expect(report.ordersOnlyAtBroker == [outside])
        #expect(report.unknownOrderNotional == Decimal(remaining) * 50)
        #expect(report.verdict == verdict)
        #expect(report.rows.isEmpty)
    }

    @Test func anOrderTheJournalBelievesWorkingThatTheBrokerLacksIsListedNotValued() throws {
        let lost = Fixtures.order("o7", "AAPL", remaining: 100)
        let report = try Reconciler.compare(
            expected: ExpectedBook(positions: [:], openOrders: [lost]), broker: BrokerBook(positions: [:]),
            prices: [:], equity: 100_000, thresholds: Fixtures.thresholds)
        #expect(report.ordersOnlyExpected == [lost])
        #expect(report.mismatch == 0)
        #expect(!report.booksAgree)
    }

    @Test func aMissingPriceWhereSharesDifferIsAnErrorNamingTheSymbol() throws {
        #expect(throws: ReconciliationError.missingPrice("TSLA")) {
            try Reconciler.compare(
                expected: ExpectedBook(positions: ["AAPL": 1, "TSLA": 3]),
                broker: BrokerBook(positions: ["AAPL": 2, "TSLA": 5]),
                prices: prices, equity: 100_000, thresholds: Fixtures.thresholds)
        }
        #expect(throws: ReconciliationError.missingPrice("NVDA")) {
            try Reconciler.compare(
                expected: ExpectedBook(positions: [:]),
                broker: BrokerBook(positions: [:], openOrders: [Fixtures.order("outside", "NVDA", remaining: 1)]),
                prices: prices, equity: 100_000, thresholds: Fixtures.thresholds)
        }
        // A price that is not a positive number is no price.
        #expect(throws: ReconciliationError.missingPrice("AAPL")) {
            try Reconciler.compare(
                expected: ExpectedBook(positions: ["AAPL": 1]), broker: BrokerBook(positions: ["AAPL": 2]),
                prices: ["AAPL": 0], equity: 100_000, thresholds: Fixtures.thresholds)
        }
    }

    @Test func aSymbolThatAgreesNeedsNoPrice() throws {
        let report = try Reconciler.compare(
            expected: ExpectedBook(positions: ["TSLA": 3]), broker: BrokerBook(positions: ["TSLA": 3]),
            prices: [:], equity: 100_000, thresholds: Fixtures.thresholds)
        #expect(report.verdict == .clean)
        #expect(report.rows.first?.price == nil)
    }

    @Test(arguments: [Decimal(0), Decimal(-5), Decimal.nan])
    func equityThatIsNotPositiveIsAnError(equity: Decimal) throws {
        #expect(throws: ReconciliationError.self) {
            try Reconciler.compare(
                expected: ExpectedBook(positions: [:]), broker: BrokerBook(positions: [:]),
                prices: [:], equity: equity, thresholds: Fixtures.thresholds)
        }
    }

    @Test func thresholdsFromTheConfigRatiosAreExactDecimals() throws {
        let thresholds = try ReconciliationThresholds(alertAbove: .percent(0.05), flattenAbove: .percent(0.5))
        #expect(thresholds.alertAbove == Fixtures.decimal("0.0005"))
        #expect(thresholds.flattenAbove == Fixtures.decimal("0.005"))
        #expect(throws: ReconciliationError.self) {
            try ReconciliationThresholds(alertAbove: .percent(1), flattenAbove: .percent(0.5))
        }
    }

    @Test func theTextListsEveryRowAndFindingWithTheVerdict() throws {
        let report = try Reconciler.compare(
            expected: ExpectedBook(positions: ["AAPL": 100], fills: [Fixtures.fill("x1", "AAPL", .buy, 100, "50")]),
            broker: BrokerBook(
                positions: ["AAPL": 100, "MSFT": 2],
                fills: [
                    Fixtures.fill("x1", "AAPL", .buy, 100, "50"),
                    Fixtures.fill("outside-1-x1", "MSFT", .buy, 2, "400.25", order: "outside-1"),
                ]),
            prices: prices, equity: 100_000, thresholds: Fixtures.thresholds)
        #expect(
            report.text(expectedSide: "journal") == """
                symbol  journal  broker  difference   price  notional
                AAPL        100     100           0   50.00      0.00
                MSFT          0       2          +2  400.25    800.50
                fills only at the broker (1):
                  outside-1-x1 MSFT buy 2 @ 400.25 (order outside-1)
                fills only in the journal: none
                fills counted twice in the journal: none
                fills that disagree: none
                open orders only at the broker: none
                open orders only in the journal: none
                mismatch: 0.8005% of equity 100000.00 = (positions 800.50 + unknown open orders 0.00) / equity
                verdict: flatten (alert above 0.05%, flatten above 0.5%)

                """)
    }
}
