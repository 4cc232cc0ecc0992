import Foundation
import RunnerBroker
import RunnerCore
import RunnerReconciliation
import Testing

/// The state machine: when a check is due, what each result returns, and the gate on orders.
@Suite struct ReconciliationCheckTests {
    static func check(_ mode: TradingMode = .paper) -> ReconciliationCheck {
        ReconciliationCheck(interval: 60_000, thresholds: Fixtures.thresholds, mode: mode, environment: "paper")
    }

    static func report(difference: Int64) throws -> ReconciliationReport {
        try Reconciler.compare(
            expected: ExpectedBook(positions: ["AAPL": 100]), broker: BrokerBook(positions: ["AAPL": 100 + difference]),
            prices: ["AAPL": 50], equity: 100_000, thresholds: Fixtures.thresholds)
    }

    @Test func theFirstCheckIsDueAtOnceAndTheNextAnIntervalLaterOnTheRunsClock() throws {
        var check = Self.check()
        #expect(check.isDue(now: 0))
        #expect(check.scheduled == nil)
        _ = check.record(.success(try Self.report(difference: 0)), at: 1_000)
        #expect(check.scheduled == 61_000)
        #expect(!check.isDue(now: 60_999))
        #expect(check.isDue(now: 61_000))
        // A clock that jumped a night ahead gets one check, then the next an interval after it.
        _ = check.record(.success(try Self.report(difference: 0)), at: 50_000_000)
        #expect(check.scheduled == 50_060_000)
    }

    @Test(arguments: [TradingMode.paper, .live])
    func noOrderMayGoOutBeforeTheFirstCheck(mode: TradingMode) throws {
        var check = Self.check(mode)
        #expect(!check.mayTrade)
        #expect(check.gate == .awaitingCheck)
        #expect(check.record(.success(try Self.report(difference: 0)), at: 0) == .none)
        #expect(check.mayTrade)
        check.connectionRestored()
        #expect(!check.mayTrade)
        #expect(check.isDue(now: 1))
    }

    @Test func aLiveRunDoesNotTradeWhileReconciliationFailsAndAPaperRunGoesOn() throws {
        var live = Self.check(.live)
        var paper = Self.check(.paper)
        let failure = ReconciliationError.broker(.disconnected)
        let liveAction = live.record(.failure(failure), at: 5)
        #expect(!live.mayTrade)
        #expect(liveAction.alert?.severity == .critical)
        #expect(liveAction.alert?.message.contains("a live run sends no order until a reconciliation succeeds") == true)
        _ = paper.record(.failure(failure), at: 5)
        #expect(paper.mayTrade)
        // The same failure again is not raised again; success reopens the gate and says so once.
        #expect(live.record(.failure(failure), at: 60_005) == .none)
        let recovered = live.record(.success(try Self.report(difference: 0)), at: 120_005)
        #expect(live.mayTrade)
        #expect(recovered.alert?.severity == .info)
        #expect(live.record(.success(try Self.report(difference: 0)), at: 180_005) == .none)
    }

    @Test func anAlertIsRaisedOnceForTheSameFindingAndAgainWhenItChanges() throws {
        var check = Self.check()
        let first = check.record(.success(try Self.report(difference: 3)), at: 0)
        guard case .alert(let alert) = first else { Issue.record("expected an alert, got \(first)"); return }
        #expect(alert.kind == .reconciliation)
        #expect(alert.severity == .warning)
        #expect(alert.environment == "paper")
        #expect(alert.at == 0)
        #expect(alert.message.contains("0.15% of equity"))
        #expect(check.record(.success(try Self.report(difference: 3)), at: 60_000) == .none)
        #expect(check.record(.success(try Self.report(difference: 4)), at: 120_000).alert != nil)
        #expect(check.mayTrade)
    }

    @Test(arguments: [TradingMode.paper, .live])
    func aMismatchAboveFlattenFiresTheKillSwitchAndClosesALiveGate(mode: TradingMode) throws {
        var check = Self.check(mode)
        let action = check.record(.success(try Self.report(difference: -11)), at: 7)
        guard case .flatten(let alert) = action else { Issue.record("expected a flatten, got \(action)"); return }
        #expect(alert.severity == .critical)
        #expect(alert.message.contains("the kill switch fires"))
        #expect(check.mayTrade == (mode == .paper))
        #expect(check.record(.success(try Self.report(difference: -11)), at: 60_007) == .none)
    }

    @Test(arguments: [TradingMode.paper, .live])
    func aPeriodicMismatchIsActedOnOnlyWhenTheNextCheckConfirmsIt(mode: TradingMode) throws {
        var check = Self.check(mode)
        #expect(check.record(.success(try Self.report(difference: 0)), at: 0, confirming: true) == .none)
        // A fill in flight: seen once, nothing is done (no halt either) and the next check comes a second later.
        #expect(check.record(.success(try Self.report(difference: -11)), at: 60_000, confirming: true) == .none)
        #expect(check.unconfirmed == .flatten)
        #expect(check.scheduled == 61_000)
        #expect(check.mayTrade)
        // Its report arrived: the books agree again, nothing was done and nothing is said.
        #expect(check.record(.success(try Self.report(difference: 0)), at: 61_000, confirming: true) == .none)
        #expect(check.unconfirmed == nil && check.mayTrade)
        #expect(check.scheduled == 121_000)
        // A real one: seen twice, it fires.
        #expect(check.record(.success(try Self.report(difference: -11)), at: 121_000, confirming: true) == .none)
        let action = check.record(.success(try Self.report(difference: -11)), at: 122_000, confirming: true)
        guard case .flatten = action else { Issue.record("expected a flatten, got \(action)"); return }
        // An alert-level one likewise waits for its confirmation, and the gate stays open meanwhile.
        var alerting = Self.check(mode)
        #expect(alerting.record(.success(try Self.report(difference: 0)), at: 0) == .none)
        #expect(alerting.record(.success(try Self.report(difference: 3)), at: 60_000, confirming: true) == .none)
        #expect(alerting.mayTrade)
        #expect(alerting.record(.success(try Self.report(difference: 3)), at: 61_000, confirming: true).alert?.severity == .warning)
    }

    @Test(arguments: [(Duration.seconds(60), Int64(60_000)), (.milliseconds(250), 250), (.microseconds(10), 1)])
    func theIntervalFromTheConfigIsInWholeMilliseconds(interval: Duration, milliseconds: Int64) {
        let check = ReconciliationCheck(
            interval: interval, thresholds: Fixtures.thresholds, mode: .paper, environment: "p")
        #expect(check.interval == milliseconds)
    }
}
