import Foundation
import RunnerBroker
import RunnerCore

/// The broker values as the protocol writes them (docs/PROCESS_ADAPTER.md, "Orders"): what the runner
/// sends, and what it reads back, checked field by field.
enum BrokerWire {
    /// The `order` of a `submit` request: every field of the child order.
    static func encode(_ order: ChildOrder) -> JSONValue {
        .object([
            "client_order_id": .string(order.clientOrderID), "parent_id": .string(order.parentID),
            "strategy": .string(order.strategy), "symbol": .string(order.symbol.rawValue),
            "side": .string(order.side.rawValue), "quantity": .integer(order.quantity), "venue": .string(order.venue),
            "release_at": .integer(order.releaseAt), "slice_index": .integer(Int64(order.sliceIndex)),
        ])
    }

    /// The statuses an adapter may report for an order (the runner's own `scheduled` and `unknown` are not).
    static let reportableStatuses: [OrderStatus] = [.new, .accepted, .partiallyFilled, .filled, .cancelled, .rejected]

    static func order(_ object: WireObject) throws(WireError) -> BrokerOrder {
        let quantity = try object.positiveInteger("quantity")
        let filled = try object.integer("filled_quantity")
        guard (0...quantity).contains(filled) else {
            throw WireError(
                "\(object.name("filled_quantity")) is \(filled); it must be between 0 and the quantity \(quantity)")
        }
        let statusText = try object.string("status")
        guard let status = OrderStatus(rawValue: statusText), reportableStatuses.contains(status) else {
            let allowed = reportableStatuses.map(\.rawValue).joined(separator: ", ")
            throw WireError("\(object.name("status")) is \"\(statusText.prefix(40))\"; it must be one of \(allowed)")
        }
        let acceptedAt = try object.integer("accepted_at")
        let slice = try object.optionalInteger("slice_index") ?? 0
        guard let sliceIndex = Int(exactly: slice), sliceIndex >= 0 else {
            throw WireError("\(object.name("slice_index")) is \(slice); it must be 0 or more")
        }
        let child = ChildOrder(
            clientOrderID: try object.string("client_order_id"), parentID: try object.optionalString("parent_id") ?? "",
            strategy: try object.optionalString("strategy") ?? "", symbol: try object.symbol("symbol"),
            side: try object.side("side"), quantity: quantity, venue: try object.optionalString("venue") ?? "",
            releaseAt: try object.optionalInteger("release_at") ?? acceptedAt, sliceIndex: sliceIndex)
        return BrokerOrder(order: child, filledQuantity: filled, status: status, acceptedAt: acceptedAt)
    }

    static func fill(_ object: WireObject) throws(WireError) -> Fill {
        Fill(
            executionID: try object.string("execution_id"), clientOrderID: try object.string("client_order_id"),
            symbol: try object.symbol("symbol"), side: try object.side("side"),
            quantity: try object.positiveInteger("quantity"), price: try object.decimal("price"),
            fee: try object.decimal("fee"), timestamp: try object.integer("timestamp"))
    }

    /// A positions object: symbol to signed quantity, flat symbols dropped.
    static func positions(_ value: JSONValue, path: String) throws(WireError) -> [Symbol: Int64] {
        let object = try WireObject(value, path: path)
        var positions: [Symbol: Int64] = [:]
        for key in object.fields.keys.sorted() {
            guard Symbol.isValid(key) else {
                throw WireError("\(path) has the key \"\(key.prefix(40))\", not a symbol")
            }
            let quantity = try object.integer(key)
            if quantity != 0 { positions[Symbol(key)] = quantity }
        }
        return positions
    }

    static func account(_ value: JSONValue, path: String) throws(WireError) -> AccountSnapshot {
        let object = try WireObject(value, path: path)
        let currency = try object.string("currency")
        guard !currency.isEmpty else { throw WireError("\(object.name("currency")) is empty") }
        return AccountSnapshot(
            cash: Money(try object.decimal("cash"), currency),
            positions: try positions(try object.value("positions"), path: object.name("positions")))
    }

    /// An `execution` event's report.
    static func report(_ object: WireObject) throws(WireError) -> ExecutionReport {
        let type = try object.string("type")
        switch type {
        case "accepted": return .accepted(clientOrderID: try object.string("client_order_id"))
        case "filled": return .filled(try fill(object))
        case "cancelled": return .cancelled(clientOrderID: try object.string("client_order_id"))
        case "rejected":
            return .rejected(clientOrderID: try object.string("client_order_id"), reason: try object.string("reason"))
        default:
            throw WireError(
                "\(object.name("type")) is \"\(type.prefix(40))\"; it must be accepted, filled, cancelled or rejected")
        }
    }
}
