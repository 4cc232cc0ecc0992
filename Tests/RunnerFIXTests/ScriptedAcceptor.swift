import NIOCore
import NIOPosix
import Synchronization

@testable import RunnerFIX

/// A FIX acceptor written for one test: it answers the Logon (unless told not to) and hands every other
/// message to the test, which answers what it likes, malformed on purpose if it wants. For the adapter's
/// behaviour under input a real engine never sends: no answers, bad fields, unsupported types, garbage.
final class ScriptedAcceptor: Sendable {
    private struct State {
        var received: [FIXMessage] = []
        var connections: [any Channel] = []
        var nextOutgoing = 1
        var answersLogon = true
        var refusesLogon = false
    }

    private let state = Mutex(State())
    private let server: any Channel
    let port: Int

    init(answersLogon: Bool = true) async throws {
        let box = Box()
        server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(box: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = server.localAddress?.port ?? 0
        state.withLock { $0.answersLogon = answersLogon }
        box.acceptor.withLock { $0 = self }
    }

    deinit { server.close(promise: nil) }

    /// Every message the adapter sent, in order.
    var received: [FIXMessage] { state.withLock { $0.received } }

    /// Sends `message` with the acceptor's header and next sequence number.
    func send(_ message: FIXMessage) {
        let (channel, bytes): ((any Channel)?, [UInt8]) = state.withLock { state in
            let sequence = state.nextOutgoing
            state.nextOutgoing += 1
            let stamped = FIXMessage(
                type: message.messageType,
                [
                    FIXField(49, "BROKER"), FIXField(56, "RUNNER"), FIXField(34, String(sequence)),
                    FIXField(52, FIXTimestamp.format(milliseconds: 0)),
                ] + message.fields.dropFirst())
            return (state.connections.last, FIXEncoder.encode(stamped))
        }
        sendRaw(bytes, on: channel)
    }

    /// Writes bytes as they are.
    func sendRaw(_ bytes: [UInt8], on channel: (any Channel)? = nil) {
        guard let channel = channel ?? state.withLock({ $0.connections.last }) else { return }
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes), promise: nil)
    }

    /// From now on a Logon is answered with a Logout saying `invalid password`.
    func refuseLogons() {
        state.withLock { $0.refusesLogon = true }
    }

    /// Closes the connections now.
    func drop() {
        for channel in state.withLock({ $0.connections }) { channel.close(promise: nil) }
    }

    fileprivate func connected(_ channel: any Channel) {
        state.withLock { $0.connections.append(channel) }
    }

    fileprivate func arrived(_ message: FIXMessage) {
        let (answer, refuse) = state.withLock { state -> (Bool, Bool) in
            state.received.append(message)
            return (state.answersLogon && message.messageType == "A", state.refusesLogon)
        }
        if answer, refuse {
            send(FIXMessage(type: "5", [FIXField(58, "invalid password")]))
        } else if answer {
            send(FIXMessage(type: "A", [FIXField(98, "0"), FIXField(108, message[108] ?? "30")]))
        }
    }

    /// Links the handlers, made before the acceptor, to it.
    private final class Box: Sendable {
        let acceptor = Mutex<ScriptedAcceptor?>(nil)
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private let box: Box
        private var decoder = FIXFrameDecoder()

        init(box: Box) { self.box = box }

        func channelActive(context: ChannelHandlerContext) {
            box.acceptor.withLock { $0 }?.connected(context.channel)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            decoder.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
            let acceptor = box.acceptor.withLock { $0 }
            while let decoded = decoder.next() {
                if case .message(let message) = decoded { acceptor?.arrived(message) }
            }
        }
    }
}
