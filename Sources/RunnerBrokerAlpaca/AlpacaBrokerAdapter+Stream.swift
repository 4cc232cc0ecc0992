import Foundation
import RunnerBroker
import RunnerCore

extension AlpacaBrokerAdapter {
    /// Checks the credentials with `GET /v2/account`, then opens the trade-updates stream (auth, listen).
    /// A dropped stream is reopened with backoff, told through ``connectionEvents`` as `lost` and `restored`;
    /// credentials refused on a reconnect end it with `failed`.
    public func connect() async throws(BrokerError) {
        let admitted = state.withLock { state -> Bool in
            guard state.phase == .idle else { return false }
            state.phase = .connecting
            return true
        }
        guard admitted else {
            throw .adapterFailure("connect: the adapter is already connected, or was disconnected (make a new one)")
        }
        do throws(AlpacaError) {
            if settings.tradingStreamURL.scheme?.lowercased() == "wss" {
                throw .tlsNotBuiltIn(url: settings.tradingStreamURL.absoluteString)
            }
            let operation = "check the credentials"
            let response = try await rest.send(.GET, "/v2/account", operation: operation)
            switch response.status {
            case 200: break
            case 401, 403: throw .credentialsRefused("GET /v2/account: \(response.summary)")
            default: throw .malformedReply(operation: operation, reason: response.summary)
            }
            let opened = await withCheckedContinuation { (first: CheckedContinuation<AlpacaError?, Never>) in
                let task = Task { await self.runTradeStream(first: first) }
                state.withLock { $0.stream = task }
            }
            if let opened { throw opened }
        } catch {
            state.withLock { $0.phase = .failed }
            throw .adapterFailure(error.description)
        }
    }

    /// Closes the stream and ends ``executions`` and ``connectionEvents``; the adapter cannot connect again.
    public func disconnect() async {
        let (task, connection) = state.withLock { state in
            state.phase = .closed
            return (state.stream, state.connection)
        }
        connection?.close()
        task?.cancel()
        await task?.value
        executionsContinuation.finish()
        connectionContinuation.finish()
    }

    /// The stream's life: the first opening (its outcome to `first`), reading, and reopening after each drop.
    private func runTradeStream(first: CheckedContinuation<AlpacaError?, Never>) async {
        var session: TradeStreamSession
        do throws(AlpacaError) { session = try await openTradeStream() } catch {
            first.resume(returning: error)
            return
        }
        let closed = state.withLock { state -> Bool in
            guard state.phase == .connecting else { return true }
            state.phase = .streaming
            return false
        }
        guard !closed else {
            session.connection.close()
            first.resume(returning: .stream("the adapter was disconnected while it connected"))
            return
        }
        first.resume(returning: nil)
        var backoff = ReconnectBackoff(initial: settings.reconnectInitialDelay, maximum: settings.reconnectMaximumDelay)
        while true {
            let reason = await read(&session)
            let stopping = state.withLock { state -> Bool in
                guard state.phase != .closed, !Task.isCancelled else { return true }
                state.phase = .lost
                return false
            }
            if stopping { return }
            connectionContinuation.yield(.lost(reason: reason))
            while true {
                do { try await sleep(backoff.delay()) } catch { return }
                if Task.isCancelled { return }
                do throws(AlpacaError) {
                    session = try await openTradeStream()
                    backoff.reset()
                    let closed = state.withLock { state -> Bool in
                        guard state.phase != .closed else { return true }
                        state.phase = .streaming
                        return false
                    }
                    if closed {
                        session.connection.close()
                        return
                    }
                    connectionContinuation.yield(.restored)
                    break
                } catch {
                    if case .credentialsRefused = error {
                        state.withLock { $0.phase = .failed }
                        connectionContinuation.yield(.failed(reason: error.description))
                        return
                    }
                }
            }
        }
    }

    /// One open, authorized stream listening to `trade_updates`, and where its reading stands.
    struct TradeStreamSession {
        let connection: WebSocketConnection
        var iterator: AsyncStream<WebSocketConnection.Message>.Iterator
    }

    /// Connects, authenticates and listens, each answer within the request timeout.
    private func openTradeStream() async throws(AlpacaError) -> TradeStreamSession {
        let timeout = settings.requestTimeout
        let connection = try await WebSocketConnection.connect(
            to: settings.tradingStreamURL, timeout: timeout, operation: "open the trade stream")
        let registered = state.withLock { state -> Bool in
            guard state.phase != .closed else { return false }
            state.connection = connection
            return true
        }
        guard registered else {
            connection.close()
            throw .stream("the adapter was disconnected while the trade stream opened")
        }
        // Past the timeout the connection is closed, which ends the wait for an answer below.
        let expired = HandshakeDeadline()
        let watchdog = Task {
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled else { return }
            expired.pass()
            connection.close()
        }
        defer { watchdog.cancel() }
        var iterator = connection.messages.makeAsyncIterator()
        do throws(AlpacaError) {
            try await connection.send(
                TradeStreamMessage.authentication(keyID: settings.keyID, secretKey: settings.secretKey))
            while let bytes = await iterator.next() {
                switch try TradeStreamMessage.parse(bytes, previouslyFilled: previouslyFilled) {
                case .authorized:
                    try await connection.send(TradeStreamMessage.listen)
                case .unauthorized(let status):
                    throw .credentialsRefused("trade stream authorization: \(status)")
                case .listening(let streams):
                    guard streams.contains("trade_updates") else {
                        throw .stream("Alpaca listens to \(streams) instead of trade_updates")
                    }
                    return TradeStreamSession(connection: connection, iterator: iterator)
                case .update(let report, let order):
                    deliver(report, order: order)
                case .ignored:
                    break
                }
            }
            if expired.passed { throw .timedOut(operation: "trade stream handshake", seconds: timeout.seconds) }
            throw .stream("the trade stream closed during its handshake")
        } catch {
            connection.close()
            throw error
        }
    }

    /// Reads reports until the stream ends; returns why it ended. A message that does not read closes the
    /// stream (the run reconciles after it is restored), since a report may have been lost in it.
    private func read(_ session: inout TradeStreamSession) async -> String {
        while let bytes = await session.iterator.next() {
            do throws(AlpacaError) {
                if case .update(let report, let order) = try TradeStreamMessage.parse(
                    bytes, previouslyFilled: previouslyFilled)
                {
                    deliver(report, order: order)
                }
            } catch {
                session.connection.close()
                return error.description
            }
        }
        return "the trade stream closed"
    }

    private func deliver(_ report: ExecutionReport, order: AlpacaOrderRecord) {
        let filled = order.filledQty.flatMap { try? AlpacaConversion.shares($0, field: "filled_qty", operation: "") }
        state.withLock { state in
            state.clientOrderIDs[order.id] = order.clientOrderID
            if let filled { state.filled[order.id] = filled }
        }
        executionsContinuation.yield(report)
    }

    private var previouslyFilled: (String) -> Int64? {
        { id in self.state.withLock { $0.filled[id] } }
    }
}
