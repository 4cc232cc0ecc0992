import RunnerCore

/// The one rule for sending an order, so none is ever sent twice and none silently goes missing.
///
/// An order whose outcome is unknown (a timeout, a dropped connection) is first looked up at the broker
/// by its client order id: found, it is adopted; not found, it never arrived and is **sent again with the
/// same id**. A duplicate id at the broker is this order only if symbol, side and quantity agree; anything
/// else is an id collision, never silently taken for a success. After `attempts` sends the outcome stays
/// unknown and the caller looks it up again later.
public struct IdempotentSubmitter: Sendable {
    public let broker: any BrokerAdapter
    /// Sends before giving up on an order whose outcome stays unknown.
    public let attempts: Int
    /// How long one broker call may take before its outcome counts as unknown; nil for a broker that
    /// answers at once (the paper broker). The adapter must give up its call when cancelled.
    public let timeout: Duration?

    public init(broker: any BrokerAdapter, attempts: Int = 3, timeout: Duration? = nil) {
        self.broker = broker
        self.attempts = max(1, attempts)
        self.timeout = timeout
    }

    /// Sends `order` by the rule above; returns the broker's record of it.
    public func submit(_ order: ChildOrder) async throws(BrokerError) -> BrokerOrder {
        let id = order.clientOrderID
        for _ in 0..<attempts {
            do {
                return try await bounded(id) { [broker] () async throws(BrokerError) in try await broker.submit(order) }
            } catch .outcomeUnknown, .disconnected {
                // Before any resend: did it arrive?
                if let known = try? await lookUp(id) {
                    guard Self.same(known.order, order) else { throw .duplicateClientOrderID(id) }
                    return known
                }
            } catch .duplicateClientOrderID {
                // It arrived after all (an earlier attempt's answer was lost), if it is the same order.
                if let known = try await lookUp(id), Self.same(known.order, order) { return known }
                throw .duplicateClientOrderID(id)
            }
        }
        throw .outcomeUnknown(clientOrderID: id)
    }

    /// The broker's record of the order with this id, or nil when it has none.
    public func lookUp(_ clientOrderID: String) async throws(BrokerError) -> BrokerOrder? {
        try await bounded(clientOrderID) { [broker] () async throws(BrokerError) in
            try await broker.order(clientOrderID: clientOrderID)
        }
    }

    /// Cancels the order with this id.
    public func cancel(_ clientOrderID: String) async throws(BrokerError) {
        try await bounded(clientOrderID) { [broker] () async throws(BrokerError) in
            try await broker.cancel(clientOrderID: clientOrderID)
        }
    }

    /// Whether an order found under an id is the one sent with it.
    public static func same(_ a: ChildOrder, _ b: ChildOrder) -> Bool {
        a.symbol == b.symbol && a.side == b.side && a.quantity == b.quantity
    }

    /// Runs a broker call within `timeout`; past it the outcome is unknown.
    private func bounded<T: Sendable>(
        _ clientOrderID: String, _ call: @escaping @Sendable () async throws(BrokerError) -> T
    ) async throws(BrokerError) -> T {
        guard let timeout else { return try await call() }
        let first = await withTaskGroup(of: Result<T, BrokerError>?.self) { group in
            group.addTask {
                do throws(BrokerError) { return .success(try await call()) } catch { return .failure(error) }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let first else { throw .outcomeUnknown(clientOrderID: clientOrderID) }
        return try first.get()
    }
}
