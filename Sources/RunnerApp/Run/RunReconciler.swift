import Foundation
import RunnerBroker
import RunnerBus
import RunnerConfig
import RunnerCore
import RunnerEngine
import RunnerJournal
import RunnerReconciliation

/// Reconciliation inside `runner run`: before the first event (so before the first order) and then every
/// `reconciliation.interval` of the run's clock, between events, the engine's book is compared with the
/// broker's. An alert is journaled (and raised); above `flatten_above` the kill switch fires through the
/// engine. A live run that cannot reconcile, or must flatten, halts: it trades again only when an operator
/// resumes it after the cause is found.
///
/// The monitor reads the engine's side through a snapshot the loop takes when a check is due (the engine
/// belongs to the loop's task; the snapshot is a value).
final class RunReconciler: Sendable {
    private struct EngineSide: Sendable {
        var expected = ExpectedBook(positions: [:])
        var prices: [Symbol: Decimal] = [:]
        var equity: Decimal = 0
    }

    /// The engine's side, shared with the monitor's reading closures.
    private final class SharedSide: Sendable {
        let value = Locked(EngineSide())
    }

    private let side = SharedSide()
    private let monitor: ReconciliationMonitor
    private let mode: TradingMode
    private let raise: @Sendable (OperatorAlert) -> Void

    init(environment: EnvironmentConfig, broker: any BrokerAdapter, journal: SQLiteJournal, runStart: Int64,
         raise: @escaping @Sendable (OperatorAlert) -> Void) throws {
        mode = environment.mode.value
        self.raise = raise
        let side = self.side
        monitor = try ReconciliationMonitor.forRun(environment, broker: broker, sources: .init(
            expected: { side.value.withLock { $0.expected } },
            // The executions the run booked, as committed: the journal is flushed before a full comparison.
            expectedFills: { since in try journal.executions().filter { $0.timestamp >= since } },
            prices: { side.value.withLock { $0.prices } },
            equity: { side.value.withLock { $0.equity } },
            fillsSince: runStart))
    }

    private let checked = Locked<Int64?>(nil)

    /// The time of the latest check, for the reconciliation component's heartbeat.
    var latestCheck: Int64? { checked.withLock { $0 } }

    /// A run resumed after a crash replays what the crashed run did up to where the broker's book ends: until
    /// its clock reaches that time, the broker holds orders the run is about to send again (and adopt by their
    /// ids), so the books cannot agree yet. The first check waits for it.
    private let resumedUntil = Locked<Int64?>(nil)

    /// The first check waits until the run's clock reaches `time` (a resumed run: the broker's last event).
    func waitForResumption(until time: Int64?) { resumedUntil.withLock { $0 = time } }

    /// The broker's connection came back: the next check is due at once and gates orders until it ran.
    func connectionRestored() { monitor.connectionRestored() }

    /// The check before the first order. A live run that cannot trade after it refuses to start.
    func beforeFirstOrder(_ engine: TradingEngine) async throws {
        if let until = resumedUntil.withLock({ $0 }), engine.time.nowMilliseconds < until { return }
        take(engine)
        try await engine.journal?.flush()
        let initial = await monitor.initialCheck(now: engine.time.nowMilliseconds)
        checked.withLock { $0 = engine.time.nowMilliseconds }
        await perform(initial.action, engine)
        if mode == .live, !initial.mayTrade {
            throw RunError("reconciliation before the first order did not pass, so a live run does not start: "
                + (initial.action.alert?.message ?? "no comparison was made"))
        }
    }

    /// Between events: a check when one is due.
    func between(_ engine: TradingEngine) async {
        let now = engine.time.nowMilliseconds
        if let until = resumedUntil.withLock({ $0 }) {
            guard now > until else { return }
            resumedUntil.withLock { $0 = nil }
            take(engine)
            let initial = await monitor.initialCheck(now: now)
            checked.withLock { $0 = now }
            await perform(initial.action, engine)
            return
        }
        guard monitor.check.isDue(now: now) else { return }
        take(engine)
        let action = await monitor.checkIfDue(now: now)
        checked.withLock { $0 = now }
        await perform(action, engine)
        if mode == .live, !monitor.mayTrade, engine.gate.state.mode == .active {
            _ = await engine.apply(EngineCommand(.halt, reason: "reconciliation did not pass", origin: "reconciliation"))
        }
    }

    private func take(_ engine: TradingEngine) {
        let working = engine.orders.allIDs.compactMap { engine.orders[$0] }.filter { $0.status.mayBeWorking }.map {
            ReconciliationOrder(clientOrderID: $0.order.clientOrderID, symbol: $0.order.symbol,
                                side: $0.order.side, remainingQuantity: $0.remainingQuantity)
        }
        let snapshot = EngineSide(
            expected: ExpectedBook(
                positions: Dictionary(engine.ledger.positions.filter { $0.quantity != 0 }.map { ($0.symbol, $0.quantity) },
                                      uniquingKeysWith: +),
                openOrders: working),
            prices: engine.market.lastPrices.compactMapValues { Decimal(shortestRepresentationOf: $0) },
            // Valued at the latest marks (what `status` reports).
            equity: engine.status.equity.amount)
        side.value.withLock { $0 = snapshot }
    }

    private func perform(_ action: ReconciliationAction, _ engine: TradingEngine) async {
        guard let alert = action.alert else { return }
        // The dispatcher journals it (kind `reconciliation`), logs it and hands it to the sinks.
        raise(alert)
        if case .flatten = action {
            // The executions only the broker reported (a lost report, a trade made outside the runner) are
            // booked first, so the book the kill switch leaves flat is the broker's, not one short of it.
            for fill in monitor.check.lastReport?.fillsOnlyAtBroker ?? [] { await engine.handle(.execution(.filled(fill))) }
            _ = await engine.apply(EngineCommand(.kill, reason: alert.message, origin: "reconciliation"))
        }
    }
}
