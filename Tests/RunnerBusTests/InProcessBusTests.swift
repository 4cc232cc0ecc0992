import RunnerBroker
import RunnerBus
import RunnerCore
import Testing

/// Records what it receives, as "name:message kind", and may publish in turn.
final class Recorder: StageConsumer {
    let name: String
    var log: Log
    /// Published on the same bus when a message of this channel arrives.
    var reply: (StageChannel, StageMessage)?
    weak var bus: InProcessBus?

    final class Log {
        var lines: [String] = []
    }

    init(_ name: String, log: Log, bus: InProcessBus) {
        self.name = name
        self.log = log
        self.bus = bus
    }

    func receive(_ message: StageMessage) async {
        log.lines.append("\(name):\(message.channel.name)")
        if let (channel, answer) = reply, channel == message.channel { await bus?.publish(answer) }
    }
}

@Suite struct InProcessBusTests {
    let order = ChildOrder(clientOrderID: "c1", parentID: "p1", strategy: "s", symbol: "AAPL", side: .buy, quantity: 10,
                           venue: "primary", releaseAt: 0, sliceIndex: 0)

    @Test func aMessageReachesOnlyItsChannelsConsumersInSubscriptionOrder() async {
        let bus = InProcessBus()
        let log = Recorder.Log()
        let risk = Recorder("risk", log: log, bus: bus)
        let router = Recorder("router", log: log, bus: bus)
        let broker = Recorder("broker", log: log, bus: bus)
        bus.subscribe(risk, to: .control)
        bus.subscribe(router, to: .control)
        bus.subscribe(broker, to: .control)
        bus.subscribe(broker, to: .orders)
        await bus.publish(.stopTrading(at: 5))
        #expect(log.lines == ["risk:control", "router:control", "broker:control"])
        log.lines.removeAll()
        await bus.publish(.order(.send(order, at: 5)))
        await bus.publish(.time(6))  // nobody listens: dropped
        #expect(log.lines == ["broker:orders"])
    }

    @Test func deliveryIsDepthFirstLikePlainCalls() async {
        // A tick's first target is judged, routed and its order sent before anyone sees the next message.
        let bus = InProcessBus()
        let log = Recorder.Log()
        let gate = Recorder("gate", log: log, bus: bus)
        gate.reply = (.targets, .order(.send(order, at: 1)))
        let audit = Recorder("audit", log: log, bus: bus)
        let broker = Recorder("broker", log: log, bus: bus)
        broker.reply = (.orders, .execution(.accepted(clientOrderID: "c1")))
        bus.subscribe(gate, to: .targets)
        bus.subscribe(audit, to: .targets)
        bus.subscribe(broker, to: .orders)
        bus.subscribe(audit, to: .executions)
        await bus.publish(.targets([], at: 1))
        #expect(log.lines == ["gate:targets", "broker:orders", "audit:executions", "audit:targets"])
    }

    @Test(arguments: [
        (StageMessage.time(1), StageChannel.clock),
        (.targets([], at: 1), .targets),
        (.execution(.accepted(clientOrderID: "c1")), .executions),
        (.stopTrading(at: 1), .control),
        (.command(EngineCommand(.halt, reason: "r", origin: "o"), at: 1), .commands),
        (.commandApplied(EngineCommand(.halt, reason: "r", origin: "o"), outcome: "halted"), .replies),
    ])
    func eachMessageHasOneChannel(message: StageMessage, channel: StageChannel) {
        #expect(message.channel == channel)
    }

    @Test func ordersAndFailuresTravelOnTheirChannels() {
        #expect(StageMessage.order(.cancelWorking("AAPL", at: 1)).channel == .orders)
        #expect(StageMessage.submissionFailed(order, reason: "no", at: 1).channel == .executions)
        #expect(Set(StageChannel.allCases.map(\.name)).count == StageChannel.allCases.count)
    }
}
