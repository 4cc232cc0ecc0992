import Foundation
import RunnerBroker
import RunnerCore

/// Compares what the broker reports with what the runner expects: pure functions over two snapshots.
///
/// **The mismatch** is the notional the runner does not know about, as a fraction of equity:
///
///     mismatch = ( Σ_symbols |broker_s − expected_s| × price_s
///                + Σ_{orders open at the broker, unknown to the runner} remaining_o × price_o ) / equity
///
/// where `broker_s` and `expected_s` are signed positions (a missing symbol is 0), `price` is the last
/// price of the symbol and `equity` the account's. The verdict is `.flatten` when the mismatch is
/// strictly above `flattenAbove`, else `.alert` when strictly above `alertAbove`, else `.clean`.
/// Executions only one side has, counted twice or disagreeing are listed: their effect on positions is
/// already in the first term, so they are not counted again. Orders the runner believes working that the
/// broker does not have are listed, not valued (they cannot trade).
///
/// **Invariants** (each checked by a test):
/// - The mismatch is never negative, and it is zero exactly when the two books hold the same position in
///   every symbol and the broker has no open order (with shares left) the runner does not know.
/// - It does not depend on the order in which symbols, fills or orders are listed, nor on the symbols'
///   names (renaming symbols consistently on both sides and in the prices changes nothing).
/// - The position term is symmetric: swapping the two sides' positions gives the same figure.
/// - It is the sum of each symbol's part: adding a symbol that agrees changes nothing, and shifting
///   both sides of a symbol by the same quantity changes nothing.
/// - A price is needed only where shares differ (or an unknown order has shares left); a missing one
///   there is ``ReconciliationError/missingPrice(_:)`` naming the symbol, never read as zero. Equity
///   that is not positive is ``ReconciliationError/nonPositiveEquity(_:)``.
/// - All arithmetic is in `Decimal`: a mismatch exactly at a threshold is not above it.
public enum Reconciler {
    public static func compare(
        expected: ExpectedBook, broker: BrokerBook, prices: [Symbol: Decimal], equity: Decimal,
        thresholds: ReconciliationThresholds
    ) throws(ReconciliationError) -> ReconciliationReport {
        guard !equity.isNaN, equity > 0 else { throw .nonPositiveEquity(equity) }
        let (onlyAtBroker, onlyExpected, countedTwice, disagreeing) = compareFills(expected.fills, broker.fills)
        let expectedIDs = Set(expected.openOrders.map(\.clientOrderID))
        let brokerIDs = Set(broker.openOrders.map(\.clientOrderID))
        let unknownOrders = broker.openOrders.filter { !expectedIDs.contains($0.clientOrderID) }
            .sorted { ($0.symbol, $0.clientOrderID) < ($1.symbol, $1.clientOrderID) }
        let missingOrders = expected.openOrders.filter { !brokerIDs.contains($0.clientOrderID) }
            .sorted { ($0.symbol, $0.clientOrderID) < ($1.symbol, $1.clientOrderID) }

        // The symbols whose value counts, in order, so the first missing price named is always the same.
        let symbols = Set(expected.positions.keys).union(broker.positions.keys)
            .filter { expected.positions[$0, default: 0] != 0 || broker.positions[$0, default: 0] != 0 }.sorted()
        func price(_ symbol: Symbol) throws(ReconciliationError) -> Decimal {
            guard let price = prices[symbol], !price.isNaN, price > 0 else { throw .missingPrice(symbol) }
            return price
        }
        var rows: [ReconciliationReport.PositionRow] = []
        var positionNotional = Decimal(0)
        for symbol in symbols {
            let row = ReconciliationReport.PositionRow(
                symbol: symbol, expected: expected.positions[symbol, default: 0],
                broker: broker.positions[symbol, default: 0], price: prices[symbol])
            if row.difference != 0 { positionNotional += Decimal(row.difference.magnitude) * (try price(symbol)) }
            rows.append(row)
        }
        var unknownOrderNotional = Decimal(0)
        for order in unknownOrders where order.remainingQuantity > 0 {
            unknownOrderNotional += Decimal(order.remainingQuantity) * (try price(order.symbol))
        }
        let mismatch = (positionNotional + unknownOrderNotional) / equity
        return ReconciliationReport(
            rows: rows, fillsOnlyAtBroker: onlyAtBroker, fillsOnlyExpected: onlyExpected,
            fillsCountedTwice: countedTwice, fillsThatDisagree: disagreeing, ordersOnlyAtBroker: unknownOrders,
            ordersOnlyExpected: missingOrders, positionNotional: positionNotional,
            unknownOrderNotional: unknownOrderNotional, equity: equity, mismatch: mismatch, thresholds: thresholds,
            verdict: .init(mismatch: mismatch, thresholds: thresholds))
    }

    /// The price of each symbol's latest execution in `fills` (of two at the same time, the one listed last).
    public static func lastPrices(of fills: [Fill]) -> [Symbol: Decimal] {
        var latest: [Symbol: Fill] = [:]
        for fill in fills where latest[fill.symbol].map({ fill.timestamp >= $0.timestamp }) ?? true {
            latest[fill.symbol] = fill
        }
        return latest.mapValues(\.price)
    }

    /// Executions by id: those only one side has (in execution id order), ids the runner booked more than
    /// once, and ids both have with different figures. A broker's own repeat of an id is one execution.
    static func compareFills(_ expected: [Fill], _ broker: [Fill]) -> (
        onlyAtBroker: [Fill], onlyExpected: [Fill], countedTwice: [String],
        disagreeing: [ReconciliationReport.FillDisagreement]
    ) {
        var expectedByID: [String: Fill] = [:]
        var counts: [String: Int] = [:]
        for fill in expected {
            counts[fill.executionID, default: 0] += 1
            if expectedByID[fill.executionID] == nil { expectedByID[fill.executionID] = fill }
        }
        let brokerByID = Dictionary(broker.map { ($0.executionID, $0) }, uniquingKeysWith: { first, _ in first })
        let onlyAtBroker = brokerByID.filter { expectedByID[$0.key] == nil }.values.sorted {
            $0.executionID < $1.executionID
        }
        let onlyExpected = expectedByID.filter { brokerByID[$0.key] == nil }.values.sorted {
            $0.executionID < $1.executionID
        }
        let countedTwice = counts.filter { $0.value > 1 }.keys.sorted()
        let disagreeing = expectedByID.compactMap { id, fill -> ReconciliationReport.FillDisagreement? in
            guard let other = brokerByID[id], !fill.sameExecution(as: other) else { return nil }
            return .init(expected: fill, broker: other)
        }.sorted { $0.expected.executionID < $1.expected.executionID }
        return (onlyAtBroker, onlyExpected, countedTwice, disagreeing)
    }
}

extension Fill {
    /// Whether two reports of one execution id describe the same trade (fees may be restated).
    func sameExecution(as other: Fill) -> Bool {
        symbol == other.symbol && side == other.side && quantity == other.quantity && price == other.price
            && clientOrderID == other.clientOrderID
    }
}
