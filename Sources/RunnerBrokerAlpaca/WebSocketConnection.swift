import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import RunnerCore

/// A websocket client connection (RFC 6455 over NIO's HTTP/1.1 upgrade), plain TCP only: `ws://` URLs.
///
/// Inbound text and binary messages (fragments joined) arrive in ``messages`` as their bytes; pings are
/// answered; the stream ends when the connection closes, for whatever reason.
final class WebSocketConnection: Sendable {
    /// One message: text and binary frames alike (Alpaca's trade stream sends binary, its data stream text).
    typealias Message = [UInt8]

    let messages: AsyncStream<Message>
    private let channel: any Channel

    private init(channel: any Channel, messages: AsyncStream<Message>) {
        self.channel = channel
        self.messages = messages
    }

    /// Connects, upgrades and returns the open connection; `wss://` fails with ``AlpacaError/tlsNotBuiltIn(url:)``.
    static func connect(to url: URL, timeout: Duration, operation: String) async throws(AlpacaError)
        -> WebSocketConnection
    {
        guard url.scheme?.lowercased() == "ws" else {
            if url.scheme?.lowercased() == "wss" { throw .tlsNotBuiltIn(url: url.absoluteString) }
            throw .invalidSetting("stream URL", "\(url.absoluteString) is not a ws:// URL")
        }
        guard let host = url.host else { throw .invalidSetting("stream URL", "\(url.absoluteString) has no host") }
        let port = url.port ?? 80
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        let (stream, continuation) = AsyncStream.makeStream(of: Message.self, bufferingPolicy: .unbounded)
        let requestHead = Self.requestHead(host: host, port: port, path: path)
        let upgraded: EventLoopFuture<(any Channel)?>
        do {
            upgraded = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(Int64(timeout.seconds * 1e9)))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let upgrader = NIOTypedWebSocketClientUpgrader<(any Channel)?>(
                            maxFrameSize: 1 << 20,
                            upgradePipelineHandler: { channel, _ in
                                channel.eventLoop.makeCompletedFuture {
                                    try channel.pipeline.syncOperations.addHandler(
                                        NIOWebSocketFrameAggregator(
                                            minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024,
                                            maxAccumulatedFrameSize: 16 << 20))
                                    try channel.pipeline.syncOperations.addHandler(
                                        WebSocketInboundHandler(continuation: continuation))
                                    return channel
                                }
                            })
                        var configuration = NIOUpgradableHTTPClientPipelineConfiguration(
                            upgradeConfiguration: NIOTypedHTTPClientUpgradeConfiguration(
                                upgradeRequestHead: requestHead, upgraders: [upgrader],
                                notUpgradingCompletionHandler: { channel in
                                    channel.close(promise: nil)
                                    return channel.eventLoop.makeSucceededFuture(nil)
                                }))
                        // The server may send its first message right behind the 101 answer.
                        configuration.leftOverBytesStrategy = .forwardBytes
                        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                            configuration: configuration)
                    }
                }
        } catch {
            throw .transport(operation: operation, reason: "cannot connect to \(host):\(port): \(error)")
        }
        let channel: (any Channel)?
        do {
            channel = try await Self.within(timeout) { try await upgraded.get() }
        } catch is UpgradeTimedOut {
            throw .timedOut(operation: operation, seconds: timeout.seconds)
        } catch {
            throw .transport(operation: operation, reason: "the websocket upgrade failed: \(error)")
        }
        guard let channel else {
            throw .transport(operation: operation, reason: "\(url.absoluteString) refused the websocket upgrade")
        }
        channel.closeFuture.whenComplete { _ in continuation.finish() }
        return WebSocketConnection(channel: channel, messages: stream)
    }

    /// Sends one text message (masked, as a client must).
    func send(_ text: String) async throws(AlpacaError) {
        let frame = WebSocketFrame(
            fin: true, opcode: .text, maskKey: .random(), data: channel.allocator.buffer(string: text))
        do { try await channel.writeAndFlush(frame) } catch {
            throw .transport(operation: "send on the stream", reason: "\(error)")
        }
    }

    /// Closes the connection; ``messages`` ends.
    func close() {
        let frame = WebSocketFrame(
            fin: true, opcode: .connectionClose, maskKey: .random(),
            data: channel.allocator.buffer(bytes: [0x03, 0xE8]))  // 1000: normal closure
        channel.writeAndFlush(frame).whenComplete { [channel] _ in channel.close(promise: nil) }
    }

    private static func requestHead(host: String, port: Int, path: String) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: port == 80 ? host : "\(host):\(port)")
        headers.add(name: "Content-Length", value: "0")
        return HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
    }

    private struct UpgradeTimedOut: Error {}

    /// `body`'s result, or `UpgradeTimedOut` past `timeout`.
    private static func within<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T)
        async throws -> T
    {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw UpgradeTimedOut()
            }
            return value
        }
    }
}

/// Hands inbound data frames to the connection's stream, answers pings, and closes on a close frame.
private final class WebSocketInboundHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let continuation: AsyncStream<WebSocketConnection.Message>.Continuation

    init(continuation: AsyncStream<WebSocketConnection.Message>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .binary:
            continuation.yield(Array(frame.unmaskedData.readableBytesView))
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
