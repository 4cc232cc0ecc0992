import RunnerCore

/// Submits orders so that none is ever sent twice: an order whose outcome is unknown (a timeout, a
/// dropped connection) is first looked up at the broker by its client order id; only if the broker
/// has never seen it is it sent again, with the same id.
public struct IdempotentSubmitter: Sendable {
    public let broker: any BrokerAdapter
    /// Attempts before giving up on an order whose outcome stays unknown.
    public let attempts: Int

    public init(broker: any BrokerAdapter, attempts: Int = 3) {
        self.broker = broker
        self.attempts = max(1, attempts)
    }

    public func submit(_ order: ChildOrder) async throws(BrokerError) -> BrokerOrder {
        var lastError = BrokerError.outcomeUnknown(clientOrderID: order.clientOrderID)
        for _ in 0..<attempts {
            do {
                return try await broker.submit(order)
            } catch .outcomeUnknown, .disconnected {
                lastError = .outcomeUnknown(clientOrderID: order.clientOrderID)
            } catch .duplicateClientOrderID {
                // It arrived after all (an earlier attempt's answer was lost), if it is the same order.
                if let known = try await broker.order(clientOrderID: order.clientOrderID), Self.same(known.order, order) {
                    return known
                }
                throw .duplicateClientOrderID(order.clientOrderID)
            }
            // Before any resend: did it arrive?
            if let known = try? await broker.order(clientOrderID: order.clientOrderID) {
                guard Self.same(known.order, order) else { throw .duplicateClientOrderID(order.clientOrderID) }
                return known
            }
        }
        throw lastError
    }

    /// An id found at the broker is this order only if symbol, side and quantity agree; anything else
    /// is an id collision, never silently taken for a success.
    static func same(_ a: ChildOrder, _ b: ChildOrder) -> Bool {
        a.symbol == b.symbol && a.side == b.side && a.quantity == b.quantity
    }
}
