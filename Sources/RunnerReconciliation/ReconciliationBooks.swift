import Foundation
import RunnerBroker
import RunnerCore

/// An order working at the broker, as either side sees it: what is left of it is what can still trade.
public struct ReconciliationOrder: Sendable, Hashable {
    public var clientOrderID: String
    public var symbol: Symbol
    public var side: OrderSide
    /// Shares not yet filled.
    public var remainingQuantity: Int64

    public init(clientOrderID: String, symbol: Symbol, side: OrderSide, remainingQuantity: Int64) {
        self.clientOrderID = clientOrderID
        self.symbol = symbol
        self.side = side
        self.remainingQuantity = remainingQuantity
    }

    /// The broker's open order.
    public init(_ order: BrokerOrder) {
        self.init(
            clientOrderID: order.order.clientOrderID, symbol: order.order.symbol, side: order.order.side,
            remainingQuantity: order.remainingQuantity)
    }
}

/// What the runner believes (its journal, or its ledger during a run): the position of each symbol, the
/// executions it booked, and the orders it believes may be working at the broker.
public struct ExpectedBook: Sendable, Hashable {
    /// Signed quantity per symbol (negative: short). A missing symbol is flat.
    public var positions: [Symbol: Int64]
    /// Every execution booked, in the order booked. An execution id listed twice was counted twice.
    public var fills: [Fill]
    /// Orders sent and not known to be finished (`new`, `accepted`, `partially_filled`, `unknown`).
    public var openOrders: [ReconciliationOrder]

    public init(positions: [Symbol: Int64], fills: [Fill] = [], openOrders: [ReconciliationOrder] = []) {
        self.positions = positions
        self.fills = fills
        self.openOrders = openOrders
    }
}

/// What the broker reports: its positions, its executions over the same window, and its open orders.
public struct BrokerBook: Sendable, Hashable {
    /// Signed quantity per symbol. A missing symbol is flat.
    public var positions: [Symbol: Int64]
    public var fills: [Fill]
    public var openOrders: [ReconciliationOrder]

    public init(positions: [Symbol: Int64], fills: [Fill] = [], openOrders: [ReconciliationOrder] = []) {
        self.positions = positions
        self.fills = fills
        self.openOrders = openOrders
    }

    /// The broker's book as `adapter` reports it now: positions, executions at or after `fillsSince`
    /// (milliseconds since the epoch) and open orders. Read only: nothing is sent.
    public static func snapshot(of adapter: any BrokerAdapter, fillsSince: Int64) async throws(BrokerError)
        -> BrokerBook
    {
        let positions = try await adapter.positions()
        let fills = try await adapter.fills(since: fillsSince)
        let open = try await adapter.openOrders()
        return BrokerBook(positions: positions, fills: fills, openOrders: open.map(ReconciliationOrder.init))
    }
}

/// The figures the verdict is judged against, as exact fractions of equity (0.0005 for 0.05%).
public struct ReconciliationThresholds: Sendable, Hashable {
    /// A mismatch strictly above this raises an alert.
    public var alertAbove: Decimal
    /// A mismatch strictly above this fires the kill switch and pages.
    public var flattenAbove: Decimal

    /// Throws when either is negative or `alertAbove` is not below `flattenAbove` (the config loader
    /// refuses both, so this only guards callers that build thresholds by hand).
    public init(alertAbove: Decimal, flattenAbove: Decimal) throws(ReconciliationError) {
        guard alertAbove >= 0, flattenAbove > alertAbove else {
            throw .invalidThresholds(alertAbove: alertAbove, flattenAbove: flattenAbove)
        }
        self.alertAbove = alertAbove
        self.flattenAbove = flattenAbove
    }

    /// From the config's ratios, read as the shortest decimal that round-trips each (0.05% is exactly
    /// 0.0005, not its binary neighbour), so a mismatch exactly at a threshold is not above it.
    public init(alertAbove: Ratio, flattenAbove: Ratio) throws(ReconciliationError) {
        guard let alert = Decimal(shortestRepresentationOf: alertAbove.value),
            let flatten = Decimal(shortestRepresentationOf: flattenAbove.value)
        else { throw .invalidThresholds(alertAbove: .nan, flattenAbove: .nan) }
        try self.init(alertAbove: alert, flattenAbove: flatten)
    }
}
