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
    /// The venue; a restart swaps in a replica while it replays the bars the crash left unjournaled.
    var broker: PaperBroker
    let time: ManualTimeSource
    let journal: (any Journal)?
    let market: MarketState
    private(set) var ledger: Ledger
    var summary = RunSummary()
    /// Signed shares in orders at the broker that are not filled yet, per symbol.
    var working: [Symbol: Int64] = [:]
    /// The stop distance each open position was sized with, for the gate's position risk.
    var stops: [Symbol: Double] = [:]
    /// Children at the broker that are not done, with the shares still open.
    var openChildren: [String: (order: ChildOrder, remaining: Int64)] = [:]
    /// Each strategy's latest approved target per symbol: several strategies trade one book, so the
    /// gate and the router see their sum, the account's intended position.
    var approvedSizes: [TargetKey: Int64] = [:]
    /// The latest bar timestamp seen: when a later one arrives, every bar of this one is done.
    private var currentTimestamp: Int64?

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
        markProgress(before: bar)
        time.set(bar.timestamp)
        for fill in broker.process(bar) { book(fill) }
        market.update(bar)
        startDayIfNeeded(bar.timestamp)
        let targets = engine.process(bar)
        if !targets.isEmpty { decide(targets) }
        release(now: bar.timestamp)
    }

    /// A bar the run went through before a crash, again: the fills the broker made at it are booked, the
    /// market, the day and the indicators move on; nothing is decided, sent or journaled.
    ///
    /// What `decide` leaves behind besides decisions is kept too, so the run that follows decides as the
    /// crashed one did: the engine's equity for sizing.
    func warm(_ bar: Bar, fills: [Fill]) {
        currentTimestamp = bar.timestamp
        time.set(bar.timestamp)
        for fill in fills { ledger.book(fill) }
        market.update(bar)
        startDayIfNeeded(bar.timestamp)
        if !engine.process(bar).isEmpty { keepEngineEquityCurrent() }
    }

    /// Journals the progress mark when a bar of a later timestamp arrives: every bar of the earlier one is
    /// done, and a restart resumes after it. The journal commits up to the latest mark only.
    private func markProgress(before bar: Bar) {
        if let currentTimestamp, bar.timestamp > currentTimestamp {
            journal?.record(.progress(lastBarTimestamp: currentTimestamp))
        }
        currentTimestamp = bar.timestamp
    }

    /// End of data: the last open timeframe bars decide and released orders go out; then, since no
    /// bar will come to fill them, unreleased slices are dropped and working orders cancelled.
    func finish() {
        let targets = engine.finish()
        if !targets.isEmpty { decide(targets) }
        release(now: time.nowMilliseconds)
        stopTrading(now: time.nowMilliseconds)
        close()
    }

    /// SIGINT or SIGTERM: no new decisions; unreleased slices are dropped and every working order is
    /// cancelled at the broker (the documented shutdown policy: nothing keeps trading unattended).
    func interrupt() async {
        let now = time.nowMilliseconds
        let cancelled = stopTrading(now: now)
        journal?.record(.alert(level: "warning", message: "interrupted: \(cancelled) working orders cancelled", at: now))
        summary.interrupted = true
        close()
    }

    /// Drops every unreleased slice and cancels every working order (interrupt, halt); returns how many
    /// orders were cancelled at the broker.
    @discardableResult
    private func stopTrading(now: Int64) -> Int {
        for child in router.dropAll() { journal?.record(.childOrder(child, status: "cancelled", at: now)) }
        let cancelled = (try? broker.cancelAllNow()) ?? []
        for id in cancelled {
            if let open = openChildren.removeValue(forKey: id) {
                journal?.record(.childOrder(open.order, status: "cancelled", at: now))
            }
        }
        // Orders the broker did not cancel had ended already (a restart's replay may hold them as open):
        // the journal gets the broker's word for them.
        for (id, open) in openChildren {
            guard let known = try? broker.orderNow(clientOrderID: id), !known.isOpen else { continue }
            journal?.record(.childOrder(open.order, status: Self.journalStatus(known), at: now))
            openChildren[id] = nil
        }
        working.removeAll()
        return cancelled.count
    }

    /// Cancels the symbol's working orders before a new target replaces them, so the router never
    /// places an opposite order against one still working.
    private func cancelWorking(_ symbol: Symbol, now: Int64) {
        for (id, open) in openChildren where open.order.symbol == symbol {
            guard (try? broker.cancelNow(clientOrderID: id)) != nil else { continue }
            openChildren[id] = nil
            working[symbol, default: 0] -= open.order.side == .buy ? open.remaining : -open.remaining
            journal?.record(.childOrder(open.order, status: "cancelled", at: now))
        }
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
        if var open = openChildren[fill.clientOrderID] {
            open.remaining -= fill.quantity
            let done = open.remaining <= 0
            openChildren[fill.clientOrderID] = done ? nil : open
            journal?.record(.childOrder(open.order, status: done ? "filled" : "partially_filled", at: fill.timestamp))
        }
        let position = ledger.position(of: fill.symbol)
        journal?.record(.execution(fill))
        journal?.record(.position(symbol: fill.symbol, quantity: position.quantity,
                                  averageCost: position.averageCost.map { NSDecimalNumber(decimal: $0).doubleValue } ?? 0,
                                  at: fill.timestamp))
    }

    /// The broker's status in the words the run journals.
    static func journalStatus(_ order: BrokerOrder) -> String {
        switch order.status {
        case .accepted: "accepted"
        case .partiallyFilled: "partially_filled"
        case .filled: "filled"
        case .cancelled: "cancelled"
        case .rejected: "rejected"
        }
    }

    /// A new trading day starts valued at this bar's marks (marked first: the ledger values at its marks).
    private func startDayIfNeeded(_ timestamp: Int64) {
        if let current = ledger.tradingDay, Ledger.tradingDay(of: timestamp) <= current { return }
        markAll()
        ledger.startDay(at: timestamp)
    }

    private func markAll() {
        for (symbol, price) in market.lastPrices { ledger.mark(symbol, price: price) }
    }

    private func decide(_ targets: [TargetPosition]) {
        let now = time.nowMilliseconds
        summary.targets += targets.count
        keepEngineEquityCurrent()
        // Most ticks change no target: the book is valued and the gate's session opened only for one that does.
        var openedSession: RiskSession?
        for strategyTarget in targets {
            let key = TargetKey(strategy: strategyTarget.strategy, symbol: strategyTarget.symbol)
            // One hash of the key per target: the entry is read and replaced through its index.
            let known = lastIntent.index(forKey: key)
            let previous = known.map { lastIntent.values[$0] }
            // An unchanged target that was approved needs nothing: its order is placed or done.
            // Compared on the strategy's own size: another strategy's change of the symbol was decided with
            // this one's size already netted in, so this one need not be decided (and routed) again.
            if previous == TargetIntent(signedSize: strategyTarget.signedSize, code: nil) { continue }
            let target = accountTarget(strategyTarget)
            let session = openedSession ?? openSession(now: now)
            openedSession = session
            let decision = session.evaluate(target)
            let intent = TargetIntent(signedSize: strategyTarget.signedSize, code: decision.denial?.code.rawValue)
            // The journal keeps changes, not the same denial every tick (the summary still counts them).
            if previous != intent {
                // The signal log keeps what the strategy asked for; the decision, the account's netted target.
                journal?.record(.signal(strategyTarget))
                journal?.record(.decision(decision, at: now))
            }
            if let known { lastIntent.values[known] = intent } else { lastIntent[key] = intent }
            guard case .approved(let approved) = decision else {
                summary.denied += 1
                summary.denialsByCode[decision.denial?.code.rawValue ?? "?", default: 0] += 1
                continue
            }
            summary.approved += 1
            approvedSizes[key] = strategyTarget.signedSize
            if let stop = target.stopDistance { stops[target.symbol] = stop }
            cancelWorking(target.symbol, now: now)
            let position = ledger.position(of: target.symbol).quantity
            let parent = router.route(approved, position: position, working: working[target.symbol] ?? 0,
                                      market: market.context(target.symbol))
            for dropped in router.lastDropped { journal?.record(.childOrder(dropped, status: "cancelled", at: now)) }
            guard let parent else { continue }
            summary.parentOrders += 1
            journal?.record(.parentOrder(parent, at: now))
            for child in parent.children { journal?.record(.childOrder(child, status: "scheduled", at: now)) }
        }
        if gate.state != lastState {
            lastState = gate.state
            journal?.record(.tradingState(gate.state))
            // A halt stops what is already scheduled too; reductions can be sent again by later targets.
            if gate.state.mode != .active { stopTrading(now: now) }
        }
    }

    /// Sizing models that read equity see it as of this tick (computing it values the whole book).
    private func keepEngineEquityCurrent() {
        guard engine.sizesByEquity else { return }
        markAll()
        engine.equity = ledger.equity
    }

    /// The gate's session over the book as it stands now: positions, working and scheduled orders, marks,
    /// equity and the correlation estimate.
    private func openSession(now: Int64) -> RiskSession {
        markAll()
        // Equity is a Decimal sum over the book: computed once per session.
        let equity = ledger.equity
        var positions: [Symbol: PortfolioView.Holding] = [:]
        ledger.forEachOpenQuantity { symbol, quantity in
            positions[symbol] = PortfolioView.Holding(quantity: quantity, stopDistance: stops[symbol] ?? .nan)
        }
        let view = PortfolioView(
            positions: positions, workingOrders: workingIncludingScheduled(), lastPrices: market.lastPrices,
            equity: NSDecimalNumber(decimal: equity.amount).doubleValue,
            startOfDayEquity: NSDecimalNumber(decimal: ledger.startOfDayEquity.amount).doubleValue,
            correlations: market.correlations)
        return gate.session(portfolio: view)
    }

    var lastState: TradingState?

    struct TargetKey: Hashable {
        var strategy: String
        var symbol: Symbol
    }

    /// A strategy's own target size and the gate's answer to its netted target (nil when approved).
    struct TargetIntent: Hashable {
        var signedSize: Int64
        var code: String?
    }

    var lastIntent: [TargetKey: TargetIntent] = [:]

    /// The strategy's target combined with every other strategy's latest approved target for the symbol.
    private func accountTarget(_ target: TargetPosition) -> TargetPosition {
        let others = approvedSizes.reduce(Int64(0)) { sum, entry in
            entry.key.symbol == target.symbol && entry.key.strategy != target.strategy ? sum + entry.value : sum
        }
        guard others != 0 else { return target }
        var combined = target
        let total = target.signedSize + others
        combined.side = total > 0 ? .long : (total < 0 ? .short : .flat)
        combined.size = abs(total)
        return combined
    }

    /// Working orders plus slices approved but not yet released: both are exposure the gate must see.
    private func workingIncludingScheduled() -> [Symbol: Int64] {
        var total = working
        router.forEachPending { symbol, scheduled in
            // Only symbols the run knows of (working, or with a price), as the view has always counted.
            guard scheduled != 0, working[symbol] != nil || market.lastPrice(symbol) != nil else { return }
            total[symbol, default: 0] += scheduled
        }
        return total
    }

    private func release(now: Int64) {
        for child in router.release(now: now) {
            do {
                _ = try broker.submitNow(child)
                accepted(child, now: now)
            } catch .duplicateClientOrderID {
                // Sent before a restart: the broker has it (the same order, since ids are deterministic).
                if let known = try? broker.orderNow(clientOrderID: child.clientOrderID), known.order == child {
                    accepted(child, now: now)
                } else {
                    journal?.record(.childOrder(child, status: "rejected", at: now))
                    journal?.record(.alert(level: "critical", message: "client order id \(child.clientOrderID) is "
                        + "taken at the broker by a different order", at: now))
                }
            } catch .outcomeUnknown {
                // Look it up before anything else: it may well be working.
                if let known = try? broker.orderNow(clientOrderID: child.clientOrderID), known.order == child {
                    accepted(child, now: now)
                } else {
                    journal?.record(.childOrder(child, status: "unknown", at: now))
                }
            } catch {
                journal?.record(.childOrder(child, status: "rejected", at: now))
                journal?.record(.alert(level: "error", message: "\(error)", at: now))
                // Let the strategy's next target be decided and routed again.
                lastIntent = lastIntent.filter { $0.key.symbol != child.symbol }
            }
        }
    }

    private func accepted(_ child: ChildOrder, now: Int64) {
        summary.childOrders += 1
        working[child.symbol, default: 0] += child.signedQuantity
        openChildren[child.clientOrderID] = (child, child.quantity)
        journal?.record(.childOrder(child, status: "accepted", at: now))
    }
}
