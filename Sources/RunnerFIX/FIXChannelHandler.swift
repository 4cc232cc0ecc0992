import NIOCore

/// The pipeline's one handler: bytes in go to the adapter (decoder, then session); the end of the
/// connection is reported once. Writes come from the adapter through the channel.
final class FIXChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let adapter: FIXBrokerAdapter
    private let generation: Int

    init(adapter: FIXBrokerAdapter, generation: Int) {
        self.adapter = adapter
        self.generation = generation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if let bytes = buffer.readBytes(length: buffer.readableBytes) {
            adapter.received(bytes, generation: generation)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        adapter.connectionClosed(generation: generation)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        adapter.closing(generation: generation, reason: "connection error: \(error)")
        context.close(promise: nil)
    }
}
