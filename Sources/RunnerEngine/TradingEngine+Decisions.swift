import Foundation
import RunnerCore
import RunnerRisk
import RunnerRouting

extension TradingEngine {
    /// Decides one tick's targets: each strategy's target is netted with the other strategies' approved
    /// targets for the symbol, judged by the gate, and routed when approved.
    func decide(_ targets: [TargetPosition], now: Int64) async {
        summary.targets += targets.count
        keepEngineEquityCurrent()
        // Most ticks change no target: the book is valued and the gate's session opened only for one that does.
        var openedSession: RiskSession?
        for strategyTarget in targets {
            let key = TargetKey(strategy: strategyTarget.strategy, symbol: strategyTarget.symbol)
            let known = lastIntent.index(forKey: key)
            let previous = known.map { lastIntent.values[$0] }
            // An unchanged target that was approved needs nothing: its order is placed or done. Compared on
            // the strategy's own size: another strategy's change of the symbol was decided with this one's
            // size already netted in.
            if previous == TargetIntent(signedSize: strategyTarget.signedSize, code: nil) {
                summary.unchanged += 1
                continue
            }
            let target = accountTarget(strategyTarget)
            let session = openedSession ?? openSession()
            openedSession = session
            let decision = session.evaluate(target)
            let intent = TargetIntent(signedSize: strategyTarget.signedSize, code: decision.denial?.code)
            // The journal keeps changes, not the same denial every tick (the summary counts them all).
            if previous != intent {
                // The signal log keeps what the strategy asked for; the decision, the account's netted target.
                journal(strategyTarget, decision, now: now)
            } else {
                summary.repeatedDenials += 1
            }
            if let known { lastIntent.values[known] = intent } else { lastIntent[key] = intent }
            guard case .approved(let approved) = decision else { continue }
            approvedSizes[key] = strategyTarget.signedSize
            if let stop = target.stopDistance { stops[target.symbol] = stop }
            await route(approved, now: now)
        }
        await journalStateChange(now: now)
    }

    /// Journals a target and the gate's decision on it, and counts the decision as the summary prints it.
    func journal(_ target: TargetPosition, _ decision: RiskDecision, now: Int64) {
        journal?.record(.signal(target))
        journal?.record(.decision(decision, at: now))
        if let denial = decision.denial {
            summary.denied += 1
            summary.denialsByCode[denial.code.rawValue, default: 0] += 1
        } else {
            summary.approved += 1
        }
    }

    /// Sends an approved target to the router: the symbol's working orders are cancelled first, so the
    /// router never places an opposite order against one still working.
    func route(_ approved: ApprovedTarget, now: Int64, directly: Bool = false) async {
        let symbol = approved.target.symbol
        await cancelWorking(symbol, now: now)
        let position = ledger.position(of: symbol).quantity
        let context = market.context(symbol, at: now, horizon: router.rules.horizon, interval: router.rules.childInterval)
        let parent = router.route(approved, position: position, working: orders.bySymbol[symbol] ?? 0,
                                  market: context, directly: directly)
        for dropped in router.lastDropped { journal?.record(.childOrder(dropped, status: .cancelled, at: now)) }
        guard let parent else { return }
        if router.rules.algorithm == .vwap, parent.algorithm == .twap {
            // Said, not silent: VWAP needs one complete session of volume history for the symbol.
            journal?.record(.alert(level: "info", message: "\(symbol) has no complete session of volume history yet: "
                + "order \(parent.id) runs as TWAP instead of VWAP", at: now))
        }
        summary.parentOrders += 1
        journal?.record(.parentOrder(parent, at: now))
        for child in parent.children { journal?.record(.childOrder(child, status: .scheduled, at: now)) }
        summary.childOrdersPlanned += parent.children.count
    }

    /// Journals a change of the gate's trading state; a halt or reduce-only stops what is scheduled and
    /// working (reductions can be sent again by later targets).
    func journalStateChange(now: Int64) async {
        guard gate.state != lastState else { return }
        lastState = gate.state
        journal?.record(.tradingState(gate.state))
        if gate.state.mode != .active { await stopTrading(now: now) }
    }

    /// The exact daily-loss check: values the book and lets the gate decide on a halt.
    func checkDailyLoss(now: Int64) async {
        guard gate.state.mode != .halted else { return }
        markAll()
        let equity = ledger.equity
        drawdown.resynchronize(equity: equity)
        guard drawdown.mayHavePassedLimit else { return }
        let halted = gate.markToMarket(
            equity: NSDecimalNumber(decimal: equity.amount).doubleValue,
            startOfDayEquity: NSDecimalNumber(decimal: ledger.startOfDayEquity.amount).doubleValue)
        if halted {
            await journalStateChange(now: now)
        } else if gate.state.mode == .active, gate.state.reason == .dailyLossOverride {
            // Resumed by hand today: the gate holds no daily-loss halt until the next day.
            drawdown.quietForTheDay = true
        }
    }

    /// Sizing models that read equity see it as of this tick (computing it values the whole book).
    func keepEngineEquityCurrent() {
        guard signals.sizesByEquity else { return }
        markAll()
        signals.equity = ledger.equity
    }

    /// The gate's session over the book as it stands now: positions, working and scheduled orders, marks,
    /// equity and the correlation estimate.
    func openSession() -> RiskSession {
        markAll()
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

    /// The strategy's target combined with every other strategy's latest approved target for the symbol.
    func accountTarget(_ target: TargetPosition) -> TargetPosition {
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
    func workingIncludingScheduled() -> [Symbol: Int64] {
        var total = orders.bySymbol
        router.forEachPending { symbol, scheduled in
            guard scheduled != 0 else { return }
            total[symbol, default: 0] += scheduled
        }
        return total
    }
}
