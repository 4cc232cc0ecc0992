import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import RunnerBrokerAlpaca

/// The in-memory Alpaca (``FakeAlpaca``) served on a free loopback port: REST over HTTP/1.1, and the
/// trade-updates (`/stream`) and market data (`/v2/iex`) websockets by HTTP upgrade. Each test starts its own
/// and stops it at the end.
final class FakeAlpacaServer: Sendable {
    let alpaca: FakeAlpaca
    let port: Int
    private let channel: any Channel

    static let keyID = "PKTEST"
    static let secretKey = "secret-test"

    private init(alpaca: FakeAlpaca, channel: any Channel, port: Int) {
        self.alpaca = alpaca
        self.channel = channel
        self.port = port
    }

    static func start(_ alpaca: FakeAlpaca = FakeAlpaca(keyID: keyID, secretKey: secretKey)) async throws
        -> FakeAlpacaServer
    {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOWebSocketServerUpgrader(
                        shouldUpgrade: { channel, head in
                            let known = head.uri == "/stream" || head.uri == "/v2/iex"
                            return channel.eventLoop.makeSucceededFuture(known ? HTTPHeaders() : nil)
                        },
                        upgradePipelineHandler: { channel, head in
                            channel.eventLoop.makeCompletedFuture {
                                let kind: FakeAlpaca.StreamKind = head.uri == "/stream" ? .trading : .marketData
                                try channel.pipeline.syncOperations.addHandler(
                                    FakeStreamHandler(alpaca: alpaca, kind: kind))
                            }
                        })
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withServerUpgrade: (
                            upgraders: [upgrader],
                            completionHandler: { context in
                                context.pipeline.removeHandler(name: "fake-alpaca-rest", promise: nil)
                            }
                        ))
                    try channel.pipeline.syncOperations.addHandler(
                        FakeRESTHandler(alpaca: alpaca), name: "fake-alpaca-rest")
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw FakeAlpacaError("the server has no port") }
        return FakeAlpacaServer(alpaca: alpaca, channel: channel, port: port)
    }

    func stop() async {
        alpaca.dropStreams()
        try? await channel.close()
    }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    var dataStreamURL: URL { URL(string: "ws://127.0.0.1:\(port)/v2/iex")! }

    /// Settings for this server; a short backoff keeps each test within seconds. The request timeout must
    /// not fire on a loaded machine unless a test means it to (and then sets a short one).
    func settings(
        keyID: String = FakeAlpacaServer.keyID, secretKey: String = FakeAlpacaServer.secretKey,
        requestTimeout: Duration = .seconds(10), maxRateLimitWait: Duration = .seconds(5)
    ) throws -> AlpacaSettings {
        try AlpacaSettings(
            baseURL: baseURL, dataStreamURL: dataStreamURL, keyID: keyID, secretKey: secretKey,
            requestTimeout: requestTimeout, maxRateLimitWait: maxRateLimitWait,
            reconnectInitialDelay: .milliseconds(20), reconnectMaximumDelay: .milliseconds(200))
    }
}

struct FakeAlpacaError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One HTTP request at a time: collects head and body, asks the fake, writes its answer (or none).
private final class FakeRESTHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let alpaca: FakeAlpaca
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(alpaca: FakeAlpaca) { self.alpaca = alpaca }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            let components = URLComponents(string: "http://fake" + head.uri)
            var query: [String: String] = [:]
            for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
            let request = FakeAlpaca.Request(
                method: head.method.rawValue, path: components?.percentEncodedPath ?? head.uri, query: query,
                headers: headers, body: body)
            guard case .respond(let status, let extraHeaders, let text) = alpaca.handle(request) else { return }
            var responseHeaders = HTTPHeaders()
            responseHeaders.add(name: "Content-Type", value: "application/json; charset=UTF-8")
            responseHeaders.add(name: "Content-Length", value: String(text.utf8.count))
            for (name, value) in extraHeaders { responseHeaders.add(name: name, value: value) }
            let responseHead = HTTPResponseHead(
                version: head.version, status: HTTPResponseStatus(statusCode: status), headers: responseHeaders)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            if !text.isEmpty {
                context.write(
                    wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

/// One websocket client of the fake: registers with it, hands it each message, closes on a close frame.
private final class FakeStreamHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let alpaca: FakeAlpaca
    private let kind: FakeAlpaca.StreamKind
    private var id: Int?

    init(alpaca: FakeAlpaca, kind: FakeAlpaca.StreamKind) {
        self.alpaca = alpaca
        self.kind = kind
    }

    func handlerAdded(context: ChannelHandlerContext) {
        id = alpaca.streamOpened(kind, channel: context.channel)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .binary:
            guard let id else { return }
            alpaca.streamReceived(id, text: String(decoding: frame.unmaskedData.readableBytesView, as: UTF8.self))
        case .connectionClose:
            context.close(promise: nil)
        case .ping:
            context.writeAndFlush(
                wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let id { alpaca.streamClosed(id) }
        context.fireChannelInactive()
    }
}
