import RunnerBroker
import RunnerCore

/// The orders the engine has sent and that may still execute, by client order id, with the signed
/// shares they may still add to each symbol's position. Terminal orders leave, so memory follows what is open.
public struct WorkingOrders: Sendable {
    public private(set) var orders: [String: OrderLifecycle] = [:]
    /// Signed shares that may still execute, per symbol: positive buys.
    public private(set) var bySymbol: [Symbol: Int64] = [:]

    public init() {}

    public subscript(clientOrderID: String) -> OrderLifecycle? { orders[clientOrderID] }

    /// Starts tracking an order (sent now, or adopted from the broker after a restart).
    public mutating func track(_ lifecycle: OrderLifecycle) {
        if let old = orders[lifecycle.order.clientOrderID] { adjust(old, by: -1) }
        orders[lifecycle.order.clientOrderID] = lifecycle
        adjust(lifecycle, by: 1)
    }

    /// Applies `event` to the order with this id; nil when the engine does not track it.
    public mutating func apply(_ event: OrderLifecycle.Event, to clientOrderID: String)
        -> (lifecycle: OrderLifecycle, actions: [OrderLifecycle.Action])?
    {
        guard var lifecycle = orders[clientOrderID] else { return nil }
        adjust(lifecycle, by: -1)
        let actions = lifecycle.apply(event)
        adjust(lifecycle, by: 1)
        orders[clientOrderID] = lifecycle.status.isTerminal ? nil : lifecycle
        return (lifecycle, actions)
    }

    /// Ids of orders whose submission outcome is not known yet.
    public var unknownIDs: [String] { orders.values.filter { $0.status == .unknown }.map(\.order.clientOrderID).sorted() }

    /// The ids of orders for `symbol`, in id order (deterministic).
    public func ids(for symbol: Symbol) -> [String] {
        orders.values.filter { $0.order.symbol == symbol }.map(\.order.clientOrderID).sorted()
    }

    /// Every tracked id, in id order.
    public var allIDs: [String] { orders.keys.sorted() }

    public var isEmpty: Bool { orders.isEmpty }

    private mutating func adjust(_ lifecycle: OrderLifecycle, by sign: Int64) {
        let quantity = lifecycle.workingQuantity
        guard quantity != 0 else { return }
        let symbol = lifecycle.order.symbol
        let total = (bySymbol[symbol] ?? 0) + sign * quantity
        bySymbol[symbol] = total == 0 ? nil : total
    }
}
