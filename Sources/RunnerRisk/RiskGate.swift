import RunnerCore

/// The risk gate: the only stage that may veto, and the last code that touches a target before the
/// router (which accepts only ``ApprovedTarget``s, a type only the gate constructs).
///
/// Every decision begins with the daily-loss rule: a drawdown from start-of-day equity above
/// `daily_loss_halt` halts trading until the session's next trading day (its local date changes at
/// midnight in the exchange's time zone, so the halt holds through the rest of the session) or an
/// explicit resume, which then holds for the rest of the day. For a target that **adds risk** the first
/// failing check decides:
/// missing data (a last price for the symbol and all the book holds, a positive start-of-day equity);
/// 0. trading state (`TRADING_HALTED` for the kill switch, a command or a state that could not be saved;
///    `REDUCING_ONLY`); 1. position risk: |quantity| x stop distance / equity <= `position_risk` (the
///    target's own stop, else `default_stop` x price); 2. gross exposure after the change; 3. net exposure
///    of the symbol's sector; 4. no daily-loss halt in force; 5. correlation budget sqrt(r' C r);
/// 6. `restricted` symbols; 7. price within `price_band` of the last price; 8. order notional (target
///    minus the projected position); 9. approvals per minute (token bucket on the injected clock).
///
/// A **reduction** (no more shares than the filled and the projected position, same side, no more
/// risk) skips missing data and checks 0, 1, 2, 4, 6, 8 and 9, so positions can be cut even while
/// halted; the price band still applies, and the sector and correlation limits only when the reduction
/// itself pushes them above their limits (unwinding one leg of a hedge).
public final class RiskGate {
    public let limits: RiskLimits
    /// The exchange's session, whose local dates are the trading days of the daily-loss rule.
    /// (Named apart from ``session(portfolio:)``, a session of decisions.)
    public let tradingSession: TradingSession
    let time: any TimeSource
    private let store: any TradingStateStore
    private let log: (any DecisionLog)?
    var bucket: TokenBucket
    public private(set) var state: TradingState
    /// The last failure to persist the trading state (the state in memory still holds).
    public private(set) var persistenceError: (any Error)?
    /// Decisions so far by denial code, approvals under `APPROVED`: the first answer to "why are my
    /// orders not going out".
    public private(set) var decisionCounts: [String: Int] = [:]

    /// The limit checks 1 to 9 of the type's documentation, by the code each denies with, in the order
    /// ``check(_:portfolio:summary:now:)`` applies them: the first that fails decides. `runner graph`
    /// prints the gate's checks in this order (a test holds the two together).
    public static let checkOrder: [DenialCode] = [
        .positionRiskExceeded, .grossExposureExceeded, .sectorExposureExceeded, .dailyLossHalt,
        .correlationBudgetExceeded, .restrictedSymbol, .priceOutOfBand, .orderNotionalExceeded, .orderRateExceeded,
    ]

    /// Restores the persisted trading state; a gate with no saved state starts `active`. The trading day of a
    /// restored state is recomputed from its `since` under `session`, so a state saved when days were UTC days,
    /// or under another session, lifts a daily-loss halt at this session's next day.
    public init(
        limits: RiskLimits, time: any TimeSource, session: TradingSession, store: any TradingStateStore,
        log: (any DecisionLog)? = nil
    ) throws {
        self.limits = limits
        tradingSession = session
        self.time = time
        self.store = store
        self.log = log
        bucket = TokenBucket(perMinute: limits.maxOrdersPerMinute)
        if var saved = try store.load() {
            saved.tradingDay = session.tradingDay(of: saved.since)
            state = saved
        } else {
            let now = time.nowMilliseconds
            state = TradingState(mode: .active, reason: .started, since: now, tradingDay: session.tradingDay(of: now))
            try store.save(state)
        }
    }

    /// Decides every target of one decision tick; approvals are booked as they are made, so later
    /// targets of the same batch see them.
    public func evaluate(_ targets: [TargetPosition], portfolio: PortfolioView) -> [RiskDecision] {
        let session = session(portfolio: portfolio)
        return targets.map { session.evaluate($0) }
    }

    /// A decision session over one view of the book: its totals are computed once, then each decision
    /// costs O(1) plus one row of the correlation matrix. Approvals are booked into the session.
    public func session(portfolio: PortfolioView) -> RiskSession {
        RiskSession(gate: self, portfolio: portfolio, summary: PortfolioSummary(portfolio: portfolio, limits: limits))
    }

    /// Decides one target.
    public func evaluate(_ target: TargetPosition, portfolio: PortfolioView) -> RiskDecision {
        var summary = PortfolioSummary(portfolio: portfolio, limits: limits)
        return evaluate(target, portfolio: portfolio, summary: &summary)
    }

    // MARK: Trading state commands

    /// The kill switch or an operator: no new risk until ``resume()``. Throws when the halt could not be
    /// saved; the gate still holds it, and denies new risk until a state is saved.
    public func halt(_ reason: TradingState.Reason = .command) throws { try change(to: .halted, reason: reason) }

    /// Only reductions pass until ``resume()``.
    public func reduceOnly() throws { try change(to: .reducing, reason: .command) }

    /// Back to normal, after a halt of any kind. A daily-loss halt stays lifted for the rest of the day;
    /// any other resume leaves the daily-loss rule armed.
    public func resume() throws {
        try change(to: .active, reason: state.mode == .halted && state.reason == .dailyLoss ? .dailyLossOverride : .command)
    }

    func change(to mode: TradingState.Mode, reason: TradingState.Reason) throws {
        let now = time.nowMilliseconds
        state = TradingState(mode: mode, reason: reason, since: now, tradingDay: tradingSession.tradingDay(of: now))
        do {
            try store.save(state)
            persistenceError = nil
        } catch {
            // Fail closed: a state that would not survive a restart stops new risk (see check 0).
            persistenceError = error
            throw error
        }
    }

    /// The daily-loss rule, applied as every decision begins: a halt lifts on a later trading day of the
    /// session, and a drawdown beyond the limit halts (unless an operator resumed trading today). Other
    /// halts wait for a command.
    func applyDailyLossRule(now: Int64, portfolio: PortfolioView) {
        applyDailyLossRule(now: now, equity: portfolio.equity, startOfDay: portfolio.startOfDayEquity)
    }

    func applyDailyLossRule(now: Int64, equity: Double, startOfDay: Double) {
        let today = tradingSession.tradingDay(of: now)
        if state.mode == .halted, state.reason == .dailyLoss, today > state.tradingDay {
            try? change(to: .active, reason: .started)
        }
        let resumedToday = state.mode == .active && state.reason == .dailyLossOverride && state.tradingDay == today
        guard state.mode != .halted, !resumedToday, startOfDay.isFinite, startOfDay > 0, equity.isFinite
        else { return }
        // A relative tolerance keeps an exact 3.00% (in cents) from halting through rounding.
        if startOfDay - equity > limits.dailyLossHalt * startOfDay * (1 + 1e-12) {
            try? change(to: .halted, reason: .dailyLoss)
        }
    }

    private func record(_ decision: RiskDecision, now: Int64) -> RiskDecision {
        decisionCounts[decision.denial?.code.rawValue ?? "APPROVED", default: 0] += 1
        log?.record(decision, at: now)
        return decision
    }

    func evaluate(_ target: TargetPosition, portfolio: PortfolioView, summary: inout PortfolioSummary)
        -> RiskDecision
    {
        let now = time.nowMilliseconds
        applyDailyLossRule(now: now, portfolio: portfolio)
        let decision = check(target, portfolio: portfolio, summary: &summary, now: now)
        return record(decision, now: now)
    }
}

/// Decisions against one view of the book (see ``RiskGate/session(portfolio:)``).
public final class RiskSession {
    private let gate: RiskGate
    private let portfolio: PortfolioView
    private var summary: PortfolioSummary

    init(gate: RiskGate, portfolio: PortfolioView, summary: PortfolioSummary) {
        self.gate = gate
        self.portfolio = portfolio
        self.summary = summary
    }

    public func evaluate(_ target: TargetPosition) -> RiskDecision {
        gate.evaluate(target, portfolio: portfolio, summary: &summary)
    }
}
