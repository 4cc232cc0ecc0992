import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import RunnerEngine
import Testing

/// Every order goes out by one rule: a lost answer is looked up by client order id; an order the broker
/// never received is sent again with the same id; one it has is adopted, never sent twice.
@Suite struct SubmissionTests {
    static let alwaysLong = """
        strategy: probe
        universe: [AAPL]
        timeframe: 1m
        rules: {long: close > 0}
        sizing: {model: fixed_quantity, quantity: 10}
        """

    func harness(_ faults: [FaultyBroker.Fault], attempts: Int = 3, timeout: Duration? = nil) throws
        -> (EngineHarness, FaultyBroker)
    {
        let time = ManualTimeSource()
        let venue = PaperBroker(settings: PaperBrokerSettings(startingCash: Money(1_000_000, "USD")), time: time)
        let faulty = FaultyBroker(venue: venue)
        faulty.inject(faults)
        let bars = (0..<4).map { bar($0, "AAPL", 100) }
        let harness = try EngineHarness(
            strategies: [try compiledStrategy(Self.alwaysLong)], bars: bars, broker: faulty, venue: venue,
            clock: time, submitter: { IdempotentSubmitter(broker: $0, attempts: attempts, timeout: timeout) })
        return (harness, faulty)
    }

    @Test func anOrderLostOnTheWayIsSentAgainWithTheSameID() async throws {
        let (harness, faulty) = try harness([.lostBeforeTheVenue])
        try await harness.runToTheEnd()
        let id = try #require(faulty.attempted.first)
        #expect(faulty.attempted == [id, id])
        #expect(try await faulty.venue.order(clientOrderID: id)?.order.quantity == 10)
        #expect(harness.statuses.filter { $0.0 == id }.map(\.1) == [.scheduled, .new, .accepted, .filled])
        #expect(harness.engine.ledger.position(of: "AAPL").quantity == 10)
    }

    @Test func anOrderThatArrivedIsAdoptedNotSentTwice() async throws {
        let (harness, faulty) = try harness([])
        faulty.venue.inject { $0.dropNextAcknowledgement = true }
        try await harness.runToTheEnd()
        let id = try #require(faulty.attempted.first)
        #expect(faulty.attempted == [id])
        #expect(harness.statuses.filter { $0.0 == id }.map(\.1) == [.scheduled, .new, .accepted, .filled])
        #expect(harness.engine.ledger.position(of: "AAPL").quantity == 10)
    }

    @Test func anOrderStillUnknownAfterEveryAttemptIsLookedUpAtTheNextEventAndResent() async throws {
        let (harness, faulty) = try harness([.lostBeforeTheVenue, .lostBeforeTheVenue], attempts: 2)
        // Up to the first decision's advance: both attempts lost, the order is unknown.
        var advances = 0
        try await harness.run { event in
            if case .advance = event { advances += 1 }
            return advances == 2
        }
        let id = try #require(faulty.attempted.first)
        #expect(harness.statuses.filter { $0.0 == id }.map(\.1) == [.scheduled, .new, .unknown])
        #expect(harness.engine.orders.bySymbol["AAPL"] == 10, "an unknown order still counts as working")
        #expect(harness.alerts.contains { $0.contains("no answer for order \(id)") })
        try await harness.runToTheEnd()
        #expect(faulty.attempted == [id, id, id])
        #expect(harness.statuses.filter { $0.0 == id }.map(\.1) == [.scheduled, .new, .unknown, .new, .accepted, .filled])
        #expect(harness.engine.ledger.position(of: "AAPL").quantity == 10)
    }

    @Test func aBrokerCallPastItsTimeoutCountsAsUnknownAndIsLookedUp() async throws {
        let (harness, faulty) = try harness([.slow(.seconds(30))], attempts: 2, timeout: .milliseconds(20))
        try await harness.runToTheEnd()
        let id = try #require(faulty.attempted.first)
        // The slow call was abandoned, the lookup found nothing, the same id went again and was accepted.
        #expect(faulty.attempted == [id, id])
        #expect(harness.statuses.filter { $0.0 == id }.map(\.1) == [.scheduled, .new, .accepted, .filled])
    }

    @Test func aRejectionLetsTheNextTargetBeDecidedAgain() async throws {
        let (harness, faulty) = try harness([])
        faulty.venue.inject { $0.rejectNext = "no shortable shares" }
        try await harness.runToTheEnd()
        #expect(harness.statuses.map(\.1).contains(.rejected))
        #expect(harness.alerts.contains { $0.contains("no shortable shares") })
        // The target was decided again and its order filled.
        #expect(harness.engine.ledger.position(of: "AAPL").quantity == 10)
    }
}
