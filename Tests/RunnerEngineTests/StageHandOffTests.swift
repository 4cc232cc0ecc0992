import RunnerBroker
import RunnerBrokerPaper
import RunnerBus
import RunnerCore
import RunnerEngine
import RunnerRisk
import Testing

/// Keeps every message of the channels it listens to, after the stages have had them.
final class BusTap: StageConsumer {
    var messages: [StageMessage] = []

    init(_ bus: any MessageBus, channels: [StageChannel] = StageChannel.allCases) {
        for channel in channels { bus.subscribe(self, to: channel) }
    }

    func receive(_ message: StageMessage) async { messages.append(message) }

    /// Each message in a word or two (the clock left out): the hand-offs a test reads.
    var outline: [String] { messages.compactMap(Self.describe) }

    static func describe(_ message: StageMessage) -> String? {
        switch message {
        case .time, .endOfData: return nil
        case .targets(let targets, _): return "targets " + targets.map(\.symbol.rawValue).joined(separator: ",")
        case .decision(let decision, let route, _):
            return "\(decision.isApproved ? "approved" : "denied") \(decision.target.symbol) \(route.rawValue)"
        case .order(.send(let child, _)): return "send \(child.symbol) \(child.signedQuantity)"
        case .order(.cancelWorking(let symbol, _)): return "cancel working \(symbol)"
        case .execution(.filled(let fill)): return "filled \(fill.symbol) \(fill.signedQuantity)"
        case .execution(let report): return "report \(report)"
        case .submissionFailed(let child, _, _): return "failed \(child.symbol)"
        case .stopTrading: return "stop trading"
        case .killAtBroker: return "kill at broker"
        case .brokerFlattened(let outcome, _): return "flattened \(outcome.confirmedFlat ? "confirmed" : "not confirmed")"
        case .command(let command, _): return "command \(command.kind.rawValue)"
        case .commandApplied(let command, _): return "applied \(command.kind.rawValue)"
        }
    }
}

/// The stages hand each other messages over the bus: what one publishes is what the next one acts on.
@Suite struct StageHandOffTests {
    static let oneSymbol = """
        strategy: probe
        universe: [AAPL]
        timeframe: 1m
        rules: {long: close > 0}
        sizing: {model: fixed_quantity, quantity: 100}
        """

    @Test func aTargetGoesFromTheGateToTheRouterToTheBrokerAndItsFillComesBack() async throws {
        let bars = (0..<4).map { bar($0, "AAPL", 100) }
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.oneSymbol)], bars: bars)
        let tap = BusTap(harness.engine.bus)
        try await harness.runToTheEnd()
        // The tap hears a message after the stages did, and delivery is depth first: the symbol's working
        // orders are cancelled (by the broker stage) while the router handles the decision, which it does
        // while the gate handles the targets.
        #expect(tap.outline == [
            "cancel working AAPL", "approved AAPL scheduled", "targets AAPL",
            // Then the clock: the due slice goes out, and the next bar fills it.
            "send AAPL 100", "filled AAPL 100",
            // The same target at every later tick: judged unchanged by the risk stage, nothing published.
            "targets AAPL", "targets AAPL", "targets AAPL", "stop trading",
        ])
        #expect(harness.engine.ledger.position(of: "AAPL").quantity == 100)
    }

    @Test func aCommandOnTheBusIsAppliedAndAnsweredOnTheRepliesChannel() async throws {
        let bars = (0..<30).map { bar($0, "AAPL", 100, volume: 100) }
        // A participation cap of 10% fills 10 shares a bar: the order stays working.
        let time = ManualTimeSource()
        let venue = PaperBroker(
            settings: PaperBrokerSettings(maxParticipation: 0.1, startingCash: Money(1_000_000, "USD")), time: time)
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.oneSymbol)], bars: bars, venue: venue,
                                        clock: time)
        try await harness.run { _ in harness.engine.ledger.position(of: "AAPL").quantity > 0 }
        #expect(!harness.engine.orders.isEmpty)
        let tap = BusTap(harness.engine.bus, channels: [.control, .replies])
        // Published straight onto the bus, as a bus between processes would deliver it.
        await harness.engine.bus.publish(.command(EngineCommand(.halt, reason: "news", origin: "test"), at: time.nowMilliseconds))
        #expect(tap.outline == ["stop trading", "applied halt"])
        guard case .commandApplied(_, let outcome) = tap.messages.last else { Issue.record("no answer"); return }
        #expect(outcome.hasPrefix("halted"))
        #expect(harness.engine.orders.isEmpty, "the broker stage cancelled the working order on the stop")
        #expect(harness.engine.gate.state.mode == .halted)
        #expect(harness.statuses.last?.1 == .cancelled)
    }

    @Test func aSubmissionFailureMakesTheRiskStageDecideTheSymbolAgain() async throws {
        let bars = (0..<4).map { bar($0, "AAPL", 100) }
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.oneSymbol)], bars: bars)
        try await harness.run { _ in harness.engine.ledger.position(of: "AAPL").quantity == 100 }
        #expect(harness.decisions.count == 1)
        let order = ChildOrder(clientOrderID: "x", parentID: "p", strategy: "probe", symbol: "AAPL", side: .buy,
                               quantity: 1, venue: "primary", releaseAt: 0, sliceIndex: 0)
        await harness.engine.bus.publish(.submissionFailed(order, reason: "refused", at: 0))
        #expect(harness.engine.lastIntent.isEmpty)
        try await harness.runToTheEnd()
        // Decided again (and approved: the position is already there, so no order is needed).
        #expect(harness.decisions.count == 2)
        #expect(harness.engine.ledger.position(of: "AAPL").quantity == 100)
    }
}
