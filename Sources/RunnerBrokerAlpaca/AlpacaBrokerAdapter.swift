import Foundation
import RunnerBroker
import RunnerCore

/// Alpaca's trading API v2 as a ``ConnectedBrokerAdapter``: orders, positions, the account and fills over
/// REST, execution reports from the trade-updates websocket stream.
///
/// - ``connect()`` checks the credentials (`GET /v2/account`) and opens the trade stream; a `wss://` stream
///   URL fails there, since this build has no TLS for websockets (see docs/ALPACA.md).
/// - ``submit(_:)`` needs the stream (it throws ``BrokerError/disconnected`` before `connect()` and while
///   the stream is down), so no order is sent whose reports could not be seen. Every other call is plain
///   REST and works without the stream: the kill switch cancels and closes through it.
/// - A timeout or a 5xx answer to a submission is ``BrokerError/outcomeUnknown(clientOrderID:)``: the
///   caller (``IdempotentSubmitter``) looks the order up by its client order id before it resends.
public final class AlpacaBrokerAdapter: ConnectedBrokerAdapter {
    public let settings: AlpacaSettings
    public let executions: AsyncStream<ExecutionReport>
    public let connectionEvents: AsyncStream<BrokerConnectionEvent>

    let rest: AlpacaRESTClient
    let sleep: AlpacaSleep
    let executionsContinuation: AsyncStream<ExecutionReport>.Continuation
    let connectionContinuation: AsyncStream<BrokerConnectionEvent>.Continuation
    let state = Locked(State())

    /// What the adapter remembers between calls.
    struct State: Sendable {
        enum Phase: Sendable, Equatable { case idle, connecting, streaming, lost, failed, closed }
        var phase = Phase.idle
        /// Orders as this adapter sent them, by client order id (Alpaca keeps no parent, strategy or slice).
        var sent: [String: ChildOrder] = [:]
        /// Client order ids by Alpaca's order id: fill activities name only the latter.
        var clientOrderIDs: [String: String] = [:]
        /// Shares filled per Alpaca order id, as the stream last told.
        var filled: [String: Int64] = [:]
        var stream: Task<Void, Never>?
        var connection: WebSocketConnection?
    }

    /// - Parameter sleep: how the adapter pauses on HTTP 429 and between reconnection attempts.
    public init(settings: AlpacaSettings, sleep: @escaping AlpacaSleep = { try await Task.sleep(for: $0) }) {
        self.settings = settings
        self.sleep = sleep
        rest = AlpacaRESTClient(
            settings: settings, sleep: sleep, now: { Int64((Date().timeIntervalSince1970 * 1000).rounded()) })
        (executions, executionsContinuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        (connectionEvents, connectionContinuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    deinit {
        state.withLock { $0.stream }?.cancel()
        executionsContinuation.finish()
        connectionContinuation.finish()
    }

    // MARK: Orders

    public func submit(_ order: ChildOrder) async throws(BrokerError) -> BrokerOrder {
        let id = order.clientOrderID
        guard state.withLock({ $0.phase }) == .streaming else { throw .disconnected }
        let body = TradeStreamMessage.json([
            "symbol": order.symbol.rawValue, "qty": String(order.quantity), "side": order.side.rawValue,
            "type": "market", "time_in_force": "day", "client_order_id": id,
        ])
        state.withLock { $0.sent[id] = order }
        let operation = "submit order \(id)"
        let response: AlpacaHTTPResponse
        do { response = try await rest.send(.POST, "/v2/orders", json: Data(body.utf8), operation: operation) } catch {
            switch error {
            // Nothing came back: the order may have arrived.
            case .timedOut, .transport: throw .outcomeUnknown(clientOrderID: id)
            default: throw .adapterFailure(error.description)
            }
        }
        switch response.status {
        case 200, 201:
            // Alpaca took the order; an answer that does not read leaves its state unknown, to be looked up.
            do { return try remember(decode(AlpacaOrderRecord.self, response, operation), operation: operation) } catch
            {
                throw .outcomeUnknown(clientOrderID: id)
            }
        case 422 where response.message.localizedCaseInsensitiveContains("client_order_id must be unique"):
            throw .duplicateClientOrderID(id)
        case 403, 422: throw .rejected(clientOrderID: id, reason: response.summary)
        case 500...599: throw .outcomeUnknown(clientOrderID: id)
        default: throw failure(response, operation)
        }
    }

    public func order(clientOrderID: String) async throws(BrokerError) -> BrokerOrder? {
        let operation = "look up order \(clientOrderID)"
        guard let record = try await orderRecord(clientOrderID: clientOrderID, operation: operation) else { return nil }
        return try remember(record, operation: operation)
    }

    public func cancel(clientOrderID: String) async throws(BrokerError) {
        let operation = "cancel order \(clientOrderID)"
        guard let record = try await orderRecord(clientOrderID: clientOrderID, operation: operation) else {
            throw .unknownOrder(clientOrderID)
        }
        let response = try await call(.DELETE, "/v2/orders/\(Self.pathSegment(record.id))", operation: operation)
        switch response.status {
        case 200, 204: return
        case 404: throw .unknownOrder(clientOrderID)
        case 422: throw .rejected(clientOrderID: clientOrderID, reason: response.summary)
        default: throw failure(response, operation)
        }
    }

    @discardableResult public func cancelAll() async throws(BrokerError) -> Int {
        let operation = "cancel all orders"
        let response = try await call(.DELETE, "/v2/orders", operation: operation)
        guard response.status == 207 || response.status == 200 else { throw failure(response, operation) }
        let entries = try decode([AlpacaMultiStatusRecord<AlpacaOrderRecord>].self, response, operation)
        let failed = entries.filter { !(200..<300).contains($0.status) }
        guard failed.isEmpty else {
            throw .adapterFailure(
                "\(operation): Alpaca could not cancel \(failed.count) of \(entries.count) orders: "
                    + failed.map(\.summary).joined(separator: ", "))
        }
        return entries.count
    }

    public func closeAllPositions() async throws(BrokerError) -> [BrokerOrder] {
        let operation = "close all positions"
        let response = try await call(
            .DELETE, "/v2/positions", query: [URLQueryItem(name: "cancel_orders", value: "true")], operation: operation)
        guard response.status == 207 || response.status == 200 else { throw failure(response, operation) }
        let entries = try decode([AlpacaMultiStatusRecord<AlpacaOrderRecord>].self, response, operation)
        let failed = entries.filter { !(200..<300).contains($0.status) || $0.body == nil }
        guard failed.isEmpty else {
            throw .adapterFailure(
                "\(operation): Alpaca could not close \(failed.count) of \(entries.count) positions: "
                    + failed.map(\.summary).joined(separator: ", "))
        }
        var orders: [BrokerOrder] = []
        for case let record? in entries.map(\.body) { orders.append(try remember(record, operation: operation)) }
        return orders
    }

    /// Open orders, at most 500 (Alpaca's largest page): more is an error, never a silently short list.
    public func openOrders() async throws(BrokerError) -> [BrokerOrder] {
        let operation = "list open orders"
        let response = try await call(
            .GET, "/v2/orders",
            query: [URLQueryItem(name: "status", value: "open"), URLQueryItem(name: "limit", value: "500")],
            operation: operation)
        guard response.status == 200 else { throw failure(response, operation) }
        let records = try decode([AlpacaOrderRecord].self, response, operation)
        guard records.count < 500 else {
            throw .adapterFailure("\(operation): 500 or more orders are open, more than this adapter reads at once")
        }
        var orders: [BrokerOrder] = []
        for record in records { orders.append(try remember(record, operation: operation)) }
        return orders
    }

    // MARK: Shared

    /// The REST call, its failures as ``BrokerError/adapterFailure(_:)``.
    func call(
        _ method: AlpacaRESTClient.Method, _ path: String, query: [URLQueryItem] = [], operation: String
    ) async throws(BrokerError) -> AlpacaHTTPResponse {
        do { return try await rest.send(method, path, query: query, operation: operation) } catch {
            throw .adapterFailure(error.description)
        }
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: AlpacaHTTPResponse, _ operation: String) throws(BrokerError)
        -> T
    {
        do { return try decodeReply(type, from: response.body, operation: operation) } catch {
            throw .adapterFailure(error.description)
        }
    }

    /// An answer the call does not expect: refused credentials said as such, anything else with its status.
    func failure(_ response: AlpacaHTTPResponse, _ operation: String) -> BrokerError {
        if response.status == 401 {
            return .adapterFailure("\(operation): " + AlpacaError.credentialsRefused(response.summary).description)
        }
        return .adapterFailure("\(operation): Alpaca answered \(response.summary)")
    }

    /// `GET /v2/orders:by_client_order_id`: the order, or nil on 404.
    func orderRecord(clientOrderID: String, operation: String) async throws(BrokerError) -> AlpacaOrderRecord? {
        let response = try await call(
            .GET, "/v2/orders:by_client_order_id",
            query: [URLQueryItem(name: "client_order_id", value: clientOrderID)], operation: operation)
        switch response.status {
        case 200: return try decode(AlpacaOrderRecord.self, response, operation)
        case 404: return nil
        default: throw failure(response, operation)
        }
    }

    /// The broker order for a record, remembering its Alpaca id.
    func remember(_ record: AlpacaOrderRecord, operation: String) throws(BrokerError) -> BrokerOrder {
        let known = state.withLock { state in
            state.clientOrderIDs[record.id] = record.clientOrderID
            return state.sent[record.clientOrderID]
        }
        do { return try AlpacaConversion.brokerOrder(record, known: known, operation: operation) } catch {
            throw .adapterFailure(error.description)
        }
    }

    /// An id as one path segment.
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? text
    }
}
