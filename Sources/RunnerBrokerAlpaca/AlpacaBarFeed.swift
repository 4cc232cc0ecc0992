import Foundation
import RunnerCore
import RunnerFeed

/// Minute bars from Alpaca's market data v2 stream (`wss://stream.data.alpaca.markets/v2/iex` by default):
/// connect, authenticate, subscribe to the symbols' bars, then each `b` message is a ``FeedEvent/bar(_:)``.
///
/// A dropped connection, or an error message from Alpaca while streaming (`{"T":"error","code":407,...}`),
/// is `lost` with the reason; the feed reconnects with backoff, subscribes again and says `restored`.
/// Credentials refused on a reconnect end the feed with `failed`. A `wss://` URL fails at ``start(symbols:)``:
/// this build has no TLS for websockets.
public final class AlpacaBarFeed: LiveBarFeed {
    public let settings: AlpacaSettings
    public let events: AsyncStream<FeedEvent>
    private let continuation: AsyncStream<FeedEvent>.Continuation
    private let sleep: AlpacaSleep
    private let state = Locked(State())

    private struct State: Sendable {
        var started = false
        var stopped = false
        var task: Task<Void, Never>?
        var connection: WebSocketConnection?
    }

    private struct Session {
        let connection: WebSocketConnection
        var iterator: AsyncStream<WebSocketConnection.Message>.Iterator
    }

    public init(settings: AlpacaSettings, sleep: @escaping AlpacaSleep = { try await Task.sleep(for: $0) }) {
        self.settings = settings
        self.sleep = sleep
        (events, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    deinit {
        state.withLock { $0.task }?.cancel()
        continuation.finish()
    }

    /// Connects, authenticates and subscribes; throws ``AlpacaError`` when any step fails.
    public func start(symbols: [Symbol]) async throws {
        guard !symbols.isEmpty else { throw AlpacaError.invalidSetting("symbols", "no symbols to subscribe to") }
        let admitted = state.withLock { state -> Bool in
            guard !state.started, !state.stopped else { return false }
            state.started = true
            return true
        }
        guard admitted else { throw AlpacaError.stream("the bar feed was already started (make a new one)") }
        if settings.dataStreamURL.scheme?.lowercased() == "wss" {
            throw AlpacaError.tlsNotBuiltIn(url: settings.dataStreamURL.absoluteString)
        }
        let opened = await withCheckedContinuation { (first: CheckedContinuation<AlpacaError?, Never>) in
            let task = Task { await self.run(symbols: symbols, first: first) }
            state.withLock { $0.task = task }
        }
        if let opened { throw opened }
    }

    public func stop() async {
        let (task, connection) = state.withLock { state in
            state.stopped = true
            return (state.task, state.connection)
        }
        connection?.close()
        task?.cancel()
        await task?.value
        continuation.finish()
    }

    private func run(symbols: [Symbol], first: CheckedContinuation<AlpacaError?, Never>) async {
        var session: Session
        do throws(AlpacaError) { session = try await open(symbols: symbols) } catch {
            first.resume(returning: error)
            continuation.finish()
            return
        }
        first.resume(returning: nil)
        var backoff = ReconnectBackoff(initial: settings.reconnectInitialDelay, maximum: settings.reconnectMaximumDelay)
        while true {
            let reason = await read(&session)
            if stopping { return }
            continuation.yield(.lost(reason: reason))
            while true {
                do { try await sleep(backoff.delay()) } catch { return }
                if stopping { return }
                do throws(AlpacaError) {
                    session = try await open(symbols: symbols)
                    backoff.reset()
                    continuation.yield(.restored)
                    break
                } catch {
                    if case .credentialsRefused = error {
                        continuation.yield(.failed(reason: error.description))
                        continuation.finish()
                        return
                    }
                }
            }
        }
    }

    private var stopping: Bool { Task.isCancelled || state.withLock { $0.stopped } }

    /// Connects, waits for `connected`, authenticates, subscribes; each answer within the request timeout.
    private func open(symbols: [Symbol]) async throws(AlpacaError) -> Session {
        let timeout = settings.requestTimeout
        let connection = try await WebSocketConnection.connect(
            to: settings.dataStreamURL, timeout: timeout, operation: "open the market data stream")
        let registered = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.connection = connection
            return true
        }
        guard registered else {
            connection.close()
            throw .stream("the bar feed was stopped while its stream opened")
        }
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
            var authenticated = false
            while let bytes = await iterator.next() {
                for message in try MarketDataMessage.parse(bytes) {
                    switch message {
                    case .success("connected"):
                        try await connection.send(
                            MarketDataMessage.authentication(keyID: settings.keyID, secretKey: settings.secretKey))
                    case .success("authenticated"):
                        authenticated = true
                        try await connection.send(MarketDataMessage.subscribe(bars: symbols))
                    case .subscription(let bars):
                        let missing = Set(symbols.map(\.rawValue)).subtracting(bars)
                        guard missing.isEmpty else {
                            throw .stream(
                                "Alpaca did not subscribe the bars of \(missing.sorted().joined(separator: ", "))")
                        }
                        return Session(connection: connection, iterator: iterator)
                    case .error(let code, let text) where !authenticated && (code == 401 || code == 402 || code == 403):
                        throw .credentialsRefused("market data stream error \(code): \(text)")
                    case .error(let code, let text):
                        throw .stream("market data stream error \(code): \(text)")
                    case .bar, .success, .ignored:
                        break
                    }
                }
            }
            if expired.passed {
                throw .timedOut(operation: "market data stream handshake", seconds: timeout.seconds)
            }
            throw .stream("the market data stream closed during its handshake")
        } catch {
            connection.close()
            throw error
        }
    }

    /// Delivers bars until the stream ends or Alpaca reports an error; returns why it ended.
    private func read(_ session: inout Session) async -> String {
        while let bytes = await session.iterator.next() {
            do throws(AlpacaError) {
                for message in try MarketDataMessage.parse(bytes) {
                    switch message {
                    case .bar(let bar): continuation.yield(.bar(bar))
                    case .error(let code, let text):
                        session.connection.close()
                        return "Alpaca market data stream error \(code): \(text)"
                    default: break
                    }
                }
            } catch {
                session.connection.close()
                return error.description
            }
        }
        return "the market data stream closed"
    }
}
