import Foundation
import RunnerBroker
import RunnerCore

/// The broker operations, each one request (docs/PROCESS_ADAPTER.md, "The operations").
extension ProcessBrokerAdapter {
    public func submit(_ order: ChildOrder) async throws(BrokerError) -> BrokerOrder {
        let id = order.clientOrderID
        return try await call("submit", ["order": BrokerWire.encode(order)], clientOrderID: id) {
            value throws(WireError) in
            let taken = try BrokerWire.order(try WireObject(value, path: "result"))
            guard taken.order.clientOrderID == id else {
                throw WireError("result.client_order_id is \(taken.order.clientOrderID), not the submitted \(id)")
            }
            return taken
        }
    }

    public func cancel(clientOrderID: String) async throws(BrokerError) {
        try await call("cancel", ["client_order_id": .string(clientOrderID)], clientOrderID: clientOrderID) { _ in () }
    }

    @discardableResult
    public func cancelAll() async throws(BrokerError) -> Int {
        try await call("cancel_all") { value throws(WireError) in
            let count = try WireObject(value, path: "result").integer("cancelled")
            guard count >= 0, let cancelled = Int(exactly: count) else {
                throw WireError("result.cancelled is \(count); it must be 0 or more")
            }
            return cancelled
        }
    }

    public func closeAllPositions() async throws(BrokerError) -> [BrokerOrder] {
        try await call("close_all_positions") { value throws(WireError) in try Self.orders(value) }
    }

    public func order(clientOrderID: String) async throws(BrokerError) -> BrokerOrder? {
        try await call("order", ["client_order_id": .string(clientOrderID)], clientOrderID: clientOrderID) {
            value throws(WireError) -> BrokerOrder? in
            guard value != .null else { return nil }
            return try BrokerWire.order(try WireObject(value, path: "result"))
        }
    }

    public func openOrders() async throws(BrokerError) -> [BrokerOrder] {
        try await call("open_orders") { value throws(WireError) in try Self.orders(value) }
    }

    public func positions() async throws(BrokerError) -> [Symbol: Int64] {
        try await call("positions") { value throws(WireError) in try BrokerWire.positions(value, path: "result") }
    }

    public func fills(since timestamp: Int64) async throws(BrokerError) -> [Fill] {
        try await call("fills", ["since": .integer(timestamp)]) { value throws(WireError) in
            var fills: [Fill] = []
            for object in try WireObject.objects(in: value, path: "result") {
                fills.append(try BrokerWire.fill(object))
            }
            return fills
        }
    }

    public func account() async throws(BrokerError) -> AccountSnapshot {
        try await call("account") { value throws(WireError) in try BrokerWire.account(value, path: "result") }
    }

    private static func orders(_ value: JSONValue) throws(WireError) -> [BrokerOrder] {
        var orders: [BrokerOrder] = []
        for object in try WireObject.objects(in: value, path: "result") { orders.append(try BrokerWire.order(object)) }
        return orders
    }
}
