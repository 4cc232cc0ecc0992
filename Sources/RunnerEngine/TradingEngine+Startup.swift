import RunnerBroker
import RunnerCore

/// What a run connected to a real broker does before its first event: the book it continues and the
/// orders it finds.
extension TradingEngine {
    /// Books the executions an earlier run journaled (a live journal is continued, never replaced), so the
    /// positions, average costs and PnL go on from where they stood; returns how many were booked.
    @discardableResult
    public func continueBook(with fills: [Fill]) -> Int {
        var booked = 0
        for fill in fills where book.ledger.book(fill) { booked += 1 }
        return booked
    }

    /// Tracks an open order the broker holds and this run did not send, as the broker reports it: from now
    /// on its executions are booked to it and the router counts it as working.
    public func adopt(_ known: BrokerOrder) {
        let id = known.order.clientOrderID
        guard book.orders[id] == nil else { return }
        // As the broker reports it, with what it already filled (those fills are the broker's, not re-booked).
        book.orders.track(OrderLifecycle(adopting: known))
        book.journal?.record(.childOrder(known.order, status: known.status, at: time.nowMilliseconds))
    }

    /// Whether this run tracks an order with this client order id.
    public func tracks(clientOrderID: String) -> Bool { book.orders[clientOrderID] != nil }
}
