/// The bus inside one process: a publish calls each consumer of the channel directly and returns once
/// they (and whatever they published in turn) are done. Delivery is therefore depth first: an approved
/// target is routed (the symbol's working orders cancelled, its slices scheduled) before the gate judges
/// the tick's next target, exactly as plain calls would do it, at the cost of a call per consumer.
///
/// Not thread-safe: one run loop owns it, like the stages it connects.
public final class InProcessBus: MessageBus {
    /// Consumers per channel, indexed by the channel's raw value.
    private var consumers: [[any StageConsumer]] = Array(repeating: [], count: StageChannel.allCases.count)

    public init() {}

    public func publish(_ message: StageMessage) async {
        for consumer in consumers[message.channel.rawValue] { await consumer.receive(message) }
    }

    public func subscribe(_ consumer: any StageConsumer, to channel: StageChannel) {
        consumers[channel.rawValue].append(consumer)
    }

    /// The consumers of `channel`, in delivery order.
    public func consumers(of channel: StageChannel) -> [any StageConsumer] { consumers[channel.rawValue] }
}
