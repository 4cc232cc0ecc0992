import Foundation
import RunnerAccounting
import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import RunnerJournal
import RunnerRisk
import RunnerRouting
import RunnerSignals

/// The embedded default: every stage in one process, as plain synchronous calls per bar.
///
/// bar -> paper broker (fills what earlier orders can) -> ledger -> signal engine -> risk gate ->
/// order router -> paper broker. The replay clock is each bar's timestamp. What matters for audit and
/// reports (targets, decisions, orders, executions, positions, trading state) goes to the journal,
/// which commits off the hot path.
final class PaperRun {
    let engine: SignalEngine
    let gate: RiskGate
    let router: OrderRouter
    let broker: PaperBroker
    let time: ManualTimeSource
    let journal: (any Journal)?
    let market: MarketState
    private(set) var ledger: Ledger
    private(set) var summary = RunSummary()
    /// Signed shares in orders at the broker that are not filled yet, per symbol.
    private var working: [Symbol: Int64] = [:]
    /// The stop distance each open position was sized with, for the gate's position risk.
    private var stops: [Symbol: Double] = [:]

    init(engine: SignalEngine, gate: RiskGate, router: OrderRouter, broker: PaperBroker, time: ManualTimeSource,
         journal: (any Journal)?, market: MarketState, startingCash: Money) {
        self.engine = engine
        self.gate = gate
        self.router = router
        self.broker = broker
        self.time = time
        self.journal = journal
        self.market = market
        ledger = Ledger(startingCash: startingCash)
        summary.startingEquity = startingCash
    }

    /// One bar through every stage.
    func process(_ bar: Bar) {
        summary.bars += 1
        time.set(bar.timestamp)
        for fill in broker.process(bar) { book(fill) }
        market.update(bar)
        if ledger.startDayIfNeeded(at: bar.timestamp) { markAll() }
        let targets = engine.process(bar)
        if !targets.isEmpty { decide(targets) }
        release(now: bar.timestamp)
    }

    /// End of data: the last open timeframe bars decide, released orders go out.
    func finish() {
        let targets = engine.finish()
        if !targets.isEmpty { decide(targets) }
        release(now: time.nowMilliseconds)
        close()
    }

    /// SIGINT or SIGTERM: no new decisions; unreleased slices are dropped and every working order is
    /// cancelled at the broker (the documented shutdown policy: nothing keeps trading unattended).
    func interrupt() async {
        let now = time.nowMilliseconds
        for child in router.dropAll() { journal?.record(.childOrder(child, status: "cancelled", at: now)) }
        let cancelled = (try? await broker.cancelAll()) ?? 0
        working.removeAll()
        journal?.record(.alert(level: "warning", message: "interrupted: \(cancelled) working orders cancelled", at: now))
        summary.interrupted = true
        close()
    }

    private func close() {
        markAll()
        summary.equity = ledger.equity
        summary.realizedPnL = ledger.realizedPnL
        summary.fees = ledger.fees
        summary.positions = Dictionary(uniqueKeysWithValues: ledger.positions.map { ($0.symbol, $0.quantity) })
    }

    private func book(_ fill: Fill) {
        guard ledger.book(fill) else { return }
        summary.fills += 1
        working[fill.symbol, default: 0] -= fill.signedQuantity
        let position = ledger.position(of: fill.symbol)
        journal?.record(.execution(fill))
        journal?.record(.position(symbol: fill.symbol, quantity: position.quantity,
                                  averageCost: position.averageCost.map { NSDecimalNumber(decimal: $0).doubleValue } ?? 0,
                                  at: fill.timestamp))
    }

    private func markAll() {
        for (symbol, price) in market.lastPrices { ledger.mark(symbol, price: price) }
    }

    private func decide(_ targets: [TargetPosition]) {
        let now = time.nowMilliseconds
        markAll()
        engine.equity = ledger.equity
        summary.targets += targets.count
        let view = PortfolioView(
            positions: Dictionary(uniqueKeysWithValues: ledger.positions.map {
                ($0.symbol, PortfolioView.Holding(quantity: $0.quantity, stopDistance: stops[$0.symbol] ?? .nan))
            }),
            workingOrders: working, lastPrices: market.lastPrices,
            equity: NSDecimalNumber(decimal: ledger.equity.amount).doubleValue,
            startOfDayEquity: NSDecimalNumber(decimal: ledger.startOfDayEquity.amount).doubleValue,
            correlations: market.correlations(now: now))
        let session = gate.session(portfolio: view)
        for target in targets {
            let key = TargetKey(strategy: target.strategy, symbol: target.symbol)
            let wanted = TargetIntent(signedSize: target.signedSize, code: nil)
            // An unchanged target that was approved needs nothing: its order is placed or done.
            if lastIntent[key] == wanted { continue }
            let decision = session.evaluate(target)
            let intent = TargetIntent(signedSize: target.signedSize, code: decision.denial?.code.rawValue)
            // The journal keeps changes, not the same denial every tick (the summary still counts them).
            if lastIntent[key] != intent {
                journal?.record(.signal(target))
                journal?.record(.decision(decision, at: now))
            }
            lastIntent[key] = intent
            guard case .approved(let approved) = decision else {
                summary.denied += 1
                summary.denialsByCode[decision.denial?.code.rawValue ?? "?", default: 0] += 1
                continue
            }
            summary.approved += 1
            if let stop = target.stopDistance { stops[target.symbol] = stop }
            let position = ledger.position(of: target.symbol).quantity
            guard let parent = router.route(approved, position: position, working: working[target.symbol] ?? 0,
                                            market: market.context(target.symbol))
            else { continue }
            summary.parentOrders += 1
            journal?.record(.parentOrder(parent, at: now))
            for child in parent.children { journal?.record(.childOrder(child, status: "scheduled", at: now)) }
        }
        if gate.state != lastState {
            lastState = gate.state
            journal?.record(.tradingState(gate.state))
        }
    }

    private var lastState: TradingState?

    private struct TargetKey: Hashable {
        var strategy: String
        var symbol: Symbol
    }

    /// A target's size and the gate's answer (nil when approved).
    private struct TargetIntent: Hashable {
        var signedSize: Int64
        var code: String?
    }

    private var lastIntent: [TargetKey: TargetIntent] = [:]

    private func release(now: Int64) {
        for child in router.release(now: now) {
            do {
                _ = try broker.submitNow(child)
                summary.childOrders += 1
                working[child.symbol, default: 0] += child.signedQuantity
                journal?.record(.childOrder(child, status: "accepted", at: now))
            } catch {
                journal?.record(.childOrder(child, status: "rejected", at: now))
                journal?.record(.alert(level: "error", message: "\(error)", at: now))
            }
        }
    }
}
