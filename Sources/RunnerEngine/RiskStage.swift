import Foundation
import RunnerBroker
import RunnerBus
import RunnerCore
import RunnerRisk

/// The risk gate as a stage: it takes a decision tick's targets, nets each strategy's target with the
/// others' approved targets for the symbol, and publishes the gate's decision on each. It alone changes
/// the trading state (the daily-loss halt, operators' commands) and, when trading stops, says so.
public final class RiskStage: StageConsumer {
    public let gate: RiskGate
    let book: EngineBook
    unowned let bus: any MessageBus
    /// The stop distance each open position was sized with, for the gate's position risk.
    public var stops: [Symbol: Double] = [:]
    /// Each strategy's latest approved target per symbol: several strategies trade one book, so the gate
    /// and the router see their sum, the account's intended position.
    public var approvedSizes: [TargetKey: Int64] = [:]
    /// Each strategy's latest target and the gate's answer to it.
    public var lastIntent: [TargetKey: TargetIntent] = [:]
    /// The trading state last journaled.
    public var lastState: TradingState?
    /// What the latest kill switch did at the broker, as the broker stage reported it.
    public internal(set) var lastKill: BrokerFlattening.Outcome?
    /// Each strategy's rebalance band and minimum order, by strategy name (only those that hold something).
    let thresholds: [String: RebalanceThreshold]
    /// Each strategy's latest held target, so a hold repeated tick after tick is journaled once.
    var lastHold: [TargetKey: HoldIntent] = [:]

    init(gate: RiskGate, book: EngineBook, bus: any MessageBus, thresholds: [String: RebalanceThreshold] = [:]) {
        self.gate = gate
        self.book = book
        self.bus = bus
        self.thresholds = thresholds.filter { !$0.value.holdsNothing }
        lastState = gate.state
        book.drawdown.limit = gate.limits.dailyLossHalt
    }

    public func receive(_ message: StageMessage) async {
        book.activity.riskGate = book.time.nowMilliseconds
        switch message {
        case .targets(let targets, let now): await decide(targets, now: now)
        case .submissionFailed(let order, _, _):
            // Let the strategy's next target be decided and routed again.
            lastIntent = lastIntent.filter { $0.key.symbol != order.symbol }
        case .stopTrading:
            // Every target is decided afresh at its next tick (a reduction cut short by a halt goes out
            // again, if the gate lets it).
            lastIntent.removeAll()
        case .command(let command, let now):
            let outcome = await apply(command, now: now)
            await bus.publish(.commandApplied(command, outcome: outcome))
        case .brokerFlattened(let outcome, _):
            lastKill = outcome
        default: break
        }
    }

    /// Decides one tick's targets: each strategy's target is netted with the other strategies' approved
    /// targets for the symbol, judged by the gate, and published with its decision.
    func decide(_ targets: [TargetPosition], now: Int64) async {
        book.summary.targets += targets.count
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
                book.summary.unchanged += 1
                continue
            }
            // Too close to the strategy's own approved target to be worth an order: nothing changes.
            if holds(strategyTarget, key: key) { continue }
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
                book.summary.repeatedDenials += 1
            }
            if let known { lastIntent.values[known] = intent } else { lastIntent[key] = intent }
            guard case .approved = decision else { continue }
            approvedSizes[key] = strategyTarget.signedSize
            if let stop = target.stopDistance { stops[target.symbol] = stop }
            await bus.publish(.decision(decision, route: .scheduled, at: now))
        }
        await journalStateChange(now: now)
    }

    /// Journals a target and the gate's decision on it, and counts the decision as the summary prints it.
    func journal(_ target: TargetPosition, _ decision: RiskDecision, now: Int64) {
        book.journal?.record(.signal(target))
        book.journal?.record(.decision(decision, at: now))
        if let denial = decision.denial {
            book.summary.denied += 1
            book.summary.denialsByCode[denial.code.rawValue, default: 0] += 1
        } else {
            book.summary.approved += 1
        }
    }

    /// Journals a change of the gate's trading state; a halt or reduce-only stops what is scheduled and
    /// working (reductions can be sent again by later targets).
    func journalStateChange(now: Int64) async {
        guard gate.state != lastState else { return }
        let before = lastState?.mode
        lastState = gate.state
        book.journal?.record(.tradingState(gate.state))
        // Trading stopping is an operator's business (a kill says so itself, with what it did at the broker).
        if gate.state.mode != .active, gate.state.mode != before, gate.state.reason != .killSwitch {
            book.raise(.halt, gate.state.reason == .dailyLoss ? .critical : .warning,
                       "trading is \(gate.state.mode.rawValue) (\(gate.state.reason.rawValue))", at: now)
        }
        if gate.state.mode != .active { await bus.publish(.stopTrading(at: now)) }
    }

    /// The exact daily-loss check: values the book and lets the gate decide on a halt.
    func checkDailyLoss(now: Int64) async {
        guard gate.state.mode != .halted else { return }
        book.markAll()
        let equity = book.ledger.equity
        book.drawdown.resynchronize(equity: equity)
        guard book.drawdown.mayHavePassedLimit else { return }
        let halted = gate.markToMarket(
            equity: NSDecimalNumber(decimal: equity.amount).doubleValue,
            startOfDayEquity: NSDecimalNumber(decimal: book.ledger.startOfDayEquity.amount).doubleValue)
        if halted {
            await journalStateChange(now: now)
        } else if gate.state.mode == .active, gate.state.reason == .dailyLossOverride {
            // Resumed by hand today: the gate holds no daily-loss halt until the next day.
            book.drawdown.quietForTheDay = true
        }
    }

    /// The gate's session over the book as it stands now: positions, working and scheduled orders, marks,
    /// equity and the correlation estimate.
    func openSession() -> RiskSession {
        book.markAll()
        let equity = book.ledger.equity
        var positions: [Symbol: PortfolioView.Holding] = [:]
        book.ledger.forEachOpenQuantity { symbol, quantity in
            positions[symbol] = PortfolioView.Holding(quantity: quantity, stopDistance: stops[symbol] ?? .nan)
        }
        let view = PortfolioView(
            positions: positions, workingOrders: book.workingIncludingScheduled(), lastPrices: book.market.lastPrices,
            equity: NSDecimalNumber(decimal: equity.amount).doubleValue,
            startOfDayEquity: NSDecimalNumber(decimal: book.ledger.startOfDayEquity.amount).doubleValue,
            correlations: book.market.correlations)
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

    public struct TargetKey: Hashable, Sendable {
        public var strategy: String
        public var symbol: Symbol
        public init(strategy: String, symbol: Symbol) {
            self.strategy = strategy
            self.symbol = symbol
        }
    }

    /// A strategy's own target size and the gate's answer to its netted target (nil when approved).
    public struct TargetIntent: Hashable, Sendable {
        public var signedSize: Int64
        public var code: DenialCode?
        public init(signedSize: Int64, code: DenialCode?) {
            self.signedSize = signedSize
            self.code = code
        }
    }
}
