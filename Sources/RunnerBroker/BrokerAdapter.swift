import RunnerCore

/// One protocol for every broker: paper, Alpaca, FIX. Async because real ones talk over a network;
/// the paper broker answers at once.
public protocol BrokerAdapter: AnyObject, Sendable {
    /// Sends an order; a second order with the same client order id is refused with
    /// ``BrokerError/duplicateClientOrderID(_:)``.
    func submit(_ order: ChildOrder) async throws(BrokerError) -> BrokerOrder
    func cancel(clientOrderID: String) async throws(BrokerError)
    /// Cancels every open order (the kill switch's first step); returns how many were open.
    @discardableResult func cancelAll() async throws(BrokerError) -> Int
    /// Closes every position at the market (the kill switch's second step): one order per open position,
    /// sent at once, whoever opened it; returns the orders sent. Their fills come as execution reports and
    /// through ``fills(since:)``.
    func closeAllPositions() async throws(BrokerError) -> [BrokerOrder]
    /// The order with this client order id, or nil: how an unknown submission outcome is resolved.
    func order(clientOrderID: String) async throws(BrokerError) -> BrokerOrder?
    func openOrders() async throws(BrokerError) -> [BrokerOrder]
    func positions() async throws(BrokerError) -> [Symbol: Int64]
    /// Executions at or after `timestamp`, oldest first.
    func fills(since timestamp: Int64) async throws(BrokerError) -> [Fill]
    func account() async throws(BrokerError) -> AccountSnapshot
    /// Reports as they happen. May deliver a report twice (as real brokers do after a reconnect):
    /// consumers deduplicate fills by `executionID`.
    var executions: AsyncStream<ExecutionReport> { get }
}
