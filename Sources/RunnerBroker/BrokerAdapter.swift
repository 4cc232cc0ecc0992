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

/// A broker reached over a connection (FIX, a REST API, a child process): it is connected before the run
/// sends anything, tells when the connection drops and comes back, and is closed at the end.
///
/// The paper broker needs none of this; the composition root connects an adapter that conforms and
/// watches its ``connectionEvents`` (a drop is alerted, and on `restored` the run reconciles open orders
/// and positions before it sends anything new).
public protocol ConnectedBrokerAdapter: BrokerAdapter {
    /// Connects and logs on; throws when the broker cannot be reached or refuses the credentials.
    func connect() async throws(BrokerError)
    /// Logs out and closes the connection; waits a bounded time for the broker's answer.
    func disconnect() async
    /// Drops and recoveries as they happen, after ``connect()`` succeeded.
    var connectionEvents: AsyncStream<BrokerConnectionEvent> { get }
}

/// What a connected adapter says about its connection.
public enum BrokerConnectionEvent: Sendable, Hashable {
    /// The connection dropped; the adapter is trying to restore it (its calls throw ``BrokerError/disconnected``).
    case lost(reason: String)
    /// The connection is back (for FIX: logged on again, gaps filled).
    case restored
    /// The adapter gave up (a crashed or misbehaving process past its restarts, credentials refused):
    /// nothing more will come through it.
    case failed(reason: String)
}
