import RunnerBroker
import RunnerBrokerPaper
import RunnerBus
import RunnerCore
import RunnerEngine
import RunnerRisk
import Testing

/// Commands are applied between events, journaled with their reason and origin.
@Suite struct CommandTests {
    static let twoSymbols = """
        strategy: probe
        universe: [AAPL, XOM]
        timeframe: 1m
        rules: {long: close > 0}
        sizing: {model: fixed_quantity, quantity: 100}
        """

    func harness(minutes: Int64 = 6) throws -> EngineHarness {
        let bars = (0..<minutes).flatMap { [bar($0, "AAPL", 100), bar($0, "XOM", 50)] }
        return try EngineHarness(strategies: [try compiledStrategy(Self.twoSymbols)], bars: bars)
    }

    /// Runs until both positions are held.
    func runUntilHeld(_ harness: EngineHarness) async throws {
        try await harness.run { _ in
            harness.engine.ledger.position(of: "AAPL").quantity == 100
                && harness.engine.ledger.position(of: "XOM").quantity == 100
        }
    }

    @Test func flattenClosesEveryPositionAndLeavesTradingHalted() async throws {
        let harness = try harness()
        try await runUntilHeld(harness)
        let reply = await harness.engine.apply(EngineCommand(.flatten, reason: "test", origin: "unit test"))
        #expect(reply.accepted)
        #expect(reply.status.tradingState.mode == .halted)
        #expect(reply.status.workingOrders.count == 2, "the closing orders are working until the next bars")
        try await harness.runToTheEnd()
        #expect(harness.engine.ledger.positions.allSatisfy { $0.quantity == 0 })
        #expect(harness.engine.gate.state.mode == .halted)
        // The strategy still wants to be long: while halted, that is new risk, denied.
        #expect(harness.decisions.contains { $0.0.denial?.code == .tradingHalted })
        #expect(harness.alerts.contains { $0.contains("command flatten from unit test: test") })
        #expect(harness.tradingStates.last?.mode == .halted)
    }

    @Test func haltCancelsWorkingOrdersAndResumeReArms() async throws {
        let bars = (0..<30).flatMap { [bar($0, "AAPL", 100, volume: 100), bar($0, "XOM", 50, volume: 100)] }
        // A participation cap of 10% fills 10 shares a bar: the orders stay working.
        let time = ManualTimeSource()
        let venue = PaperBroker(
            settings: PaperBrokerSettings(maxParticipation: 0.1, startingCash: Money(1_000_000, "USD")), time: time)
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.twoSymbols)], bars: bars, venue: venue,
                                        clock: time)
        try await harness.run { _ in harness.engine.ledger.position(of: "AAPL").quantity > 0 }
        #expect(!harness.engine.orders.isEmpty)
        let halted = await harness.engine.apply(EngineCommand(.halt, reason: "news", origin: "unit test"))
        #expect(halted.status.tradingState.mode == .halted)
        #expect(halted.status.workingOrders.isEmpty)
        #expect(harness.statuses.contains { $0.1 == .cancelled })
        let resumed = await harness.engine.apply(EngineCommand(.resume, reason: "clear", origin: "unit test"))
        #expect(resumed.status.tradingState.mode == .active)
        #expect(harness.tradingStates.map(\.mode) == [.halted, .active])
        // The halt cut the orders short; once resumed, the targets are decided again and reached.
        try await harness.runToTheEnd()
        #expect(harness.engine.ledger.position(of: "AAPL").quantity == 100)
        #expect(harness.engine.ledger.position(of: "XOM").quantity == 100)
    }

    @Test func reduceOnlyDeniesNewRisk() async throws {
        let harness = try harness()
        _ = await harness.engine.apply(EngineCommand(.reduce, reason: "vol", origin: "unit test"))
        try await harness.runToTheEnd()
        #expect(harness.engine.ledger.positions.allSatisfy { $0.quantity == 0 })
        #expect(harness.decisions.allSatisfy { $0.0.denial?.code == .reducingOnly })
    }

    @Test func statusReportsPositionsEquityAndTheLastEvent() async throws {
        let harness = try harness()
        try await runUntilHeld(harness)
        let status = await harness.engine.apply(EngineCommand(.status, reason: "", origin: "unit test")).status
        #expect(status.environment == "test")
        #expect(status.positions.map(\.symbol) == ["AAPL", "XOM"])
        #expect(status.positions.map(\.quantity) == [100, 100])
        #expect(status.equity == Money(1_000_000, "USD"))
        #expect(status.dayPnL.amount == 0)
        #expect(status.lastEventTime != nil)
        #expect(!harness.alerts.contains { $0.contains("status") }, "status changes nothing and is not journaled")
    }

    @Test func commandsSentFromAnotherTaskAreAnsweredBetweenEvents() async throws {
        let harness = try harness()
        let inbox = harness.engine.inbox
        async let reply = inbox.send(EngineCommand(.halt, reason: "from afar", origin: "another task"))
        while !inbox.hasCommands { await Task.yield() }
        await harness.engine.applyCommands()
        let answer = try #require(await reply)
        #expect(answer.status.tradingState.mode == .halted)
        #expect(!inbox.hasCommands)
        // Once the engine stopped, a command is answered with nothing at once.
        inbox.close()
        #expect(await inbox.send(EngineCommand(.status, reason: "", origin: "late")) == nil)
    }

    @Test func reduceOnlyLetsACloseCutShortByItGoOutAgain() async throws {
        // Long 100 first, then the strategy wants flat; the close fills 10 shares a bar.
        let bars = (0..<30).flatMap { minute -> [Bar] in
            [bar(minute, "AAPL", minute < 3 ? 100 : 99, volume: minute < 3 ? 1_000_000 : 100)]
        }
        let time = ManualTimeSource()
        let venue = PaperBroker(
            settings: PaperBrokerSettings(maxParticipation: 0.1, startingCash: Money(1_000_000, "USD")), time: time)
        let closer = """
            strategy: probe
            universe: [AAPL]
            timeframe: 1m
            rules: {long: close >= 100, flat: close < 100}
            sizing: {model: fixed_quantity, quantity: 100}
            """
        let harness = try EngineHarness(strategies: [try compiledStrategy(closer)], bars: bars, venue: venue, clock: time)
        try await harness.run { _ in
            let held = harness.engine.ledger.position(of: "AAPL").quantity
            return held > 0 && held < 100
        }
        _ = await harness.engine.apply(EngineCommand(.reduce, reason: "vol", origin: "unit test"))
        try await harness.runToTheEnd()
        #expect(harness.engine.ledger.position(of: "AAPL").quantity == 0)
    }

    @Test func flattenClosesEvenWhenTheHaltCannotBeSaved() async throws {
        let harness = try harness()
        try await runUntilHeld(harness)
        harness.store.failSaves = true
        let reply = await harness.engine.apply(EngineCommand(.flatten, reason: "disk full", origin: "unit test"))
        #expect(reply.message.contains("could not be saved"))
        #expect(reply.status.tradingState.mode == .halted)
        try await harness.runToTheEnd()
        #expect(harness.engine.ledger.positions.allSatisfy { $0.quantity == 0 })
    }

    @Test func aCommandTheSenderGaveUpOnIsNeverApplied() async throws {
        let harness = try harness()
        let inbox = harness.engine.inbox
        async let reply = inbox.send(EngineCommand(.halt, reason: "late", origin: "unit test"), patience: .zero)
        while !inbox.hasCommands { await Task.yield() }
        try await Task.sleep(for: .milliseconds(1))
        await harness.engine.applyCommands()
        #expect(await reply == nil)
        #expect(harness.engine.gate.state.mode == .active)
    }

    @Test func commandsWaitUntilABarsFillsAreAllBooked() {
        let fill = Fill(executionID: "e", clientOrderID: "o", symbol: "AAPL", side: .buy, quantity: 1, price: 1, fee: 0,
                        timestamp: 0)
        #expect(!EngineService.takesCommands(after: .execution(.filled(fill))))
        #expect(EngineService.takesCommands(after: .bar(bar(0, "AAPL", 1))))
        #expect(EngineService.takesCommands(after: .advance(to: 0)))
    }
}
