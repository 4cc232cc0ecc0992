/// A stage, as the bus sees it: it takes the messages of the channels it subscribed to, one at a time,
/// in the order they were published, and publishes what it produces on the same bus.
public protocol StageConsumer: AnyObject {
    func receive(_ message: StageMessage) async
}

/// How stages hand each other messages. Stages know only this protocol: the composition root picks the
/// implementation (in-process today; a bus between processes later), and no stage changes with it.
public protocol MessageBus: AnyObject {
    /// Delivers `message` to every consumer of its channel, in subscription order.
    func publish(_ message: StageMessage) async
    /// Adds `consumer` to the channel's consumers, after those already there.
    func subscribe(_ consumer: any StageConsumer, to channel: StageChannel)
}
