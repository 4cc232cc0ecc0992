import Foundation
import RunnerAccounting
import RunnerBroker
import RunnerCore
import RunnerJournaling
import RunnerRisk
import RunnerRouting
import RunnerSignals

/// One run of the pipeline, the same code for a replay and for live trading: events in (time advancing,
/// bars, execution reports), through signal engine -> risk gate -> order router -> broker, and the
/// ledger and journal beside them.
///
/// It knows no broker, feed or clock in particular: the broker is any ``BrokerAdapter``, the events come
/// from any ``EngineEventSource`` and the time from the injected ``TimeSource`` (a replay's clock is set
/// by its feed to each bar's time; live, the wall clock). Commands (halt, reduce, resume, flatten,
/// status) are applied between events.
///
/// At `advance(T)`: the progress mark of the previous time is journaled, a new trading day starts,
/// decision ticks that ended by T decide against the book as it stood (no bar of T is known yet), and
/// slices due by T are released. At a bar: the market and the book are marked, the daily-loss rule is
/// applied, and the bar goes to the signal engine. At an execution: the order's lifecycle moves and a
/// fill is booked.
public final class TradingEngine {
    public let signals: SignalEngine
    public let gate: RiskGate
    public let router: OrderRouter
    /// The broker. A restart swaps in a replica of the venue while it replays what the crash left unjournaled.
    public var broker: any BrokerAdapter {
        didSet { submitter = IdempotentSubmitter(broker: broker, attempts: submitter.attempts, timeout: submitter.timeout) }
    }
    var submitter: IdempotentSubmitter
    public let time: any TimeSource
    public let journal: (any Journal)?
    public let market: MarketState
    public let environment: String
    public internal(set) var ledger: Ledger
    public var summary = RunSummary()
    /// Orders sent that may still execute.
    public var orders = WorkingOrders()
    /// The stop distance each open position was sized with, for the gate's position risk.
    public var stops: [Symbol: Double] = [:]
    /// Each strategy's latest approved target per symbol: several strategies trade one book, so the gate
    /// and the router see their sum, the account's intended position.
    public var approvedSizes: [TargetKey: Int64] = [:]
    /// Each strategy's latest target and the gate's answer to it.
    public var lastIntent: [TargetKey: TargetIntent] = [:]
    /// The trading state last journaled.
    public var lastState: TradingState?
    /// The time advanced to last: when a later one comes, everything of this one is done.
    public internal(set) var currentTime: Int64?
    /// The latest time an event carried, for `status`.
    public internal(set) var lastEventTime: Int64?
    var drawdown = IntradayDrawdown()
    /// The digest of every bar read so far, journaled with each progress mark.
    public internal(set) var dataDigest = MarketDataDigest()
    /// Commands from other processes, applied between events.
    public let inbox: CommandInbox

    public init(
        environment: String, signals: SignalEngine, gate: RiskGate, router: OrderRouter, broker: any BrokerAdapter,
        submitter: IdempotentSubmitter? = nil, time: any TimeSource, journal: (any Journal)?, market: MarketState,
        startingCash: Money, inbox: CommandInbox = CommandInbox()
    ) {
        self.inbox = inbox
        self.environment = environment
        self.signals = signals
        self.gate = gate
        self.router = router
        self.broker = broker
        self.submitter = submitter ?? IdempotentSubmitter(broker: broker)
        self.time = time
        self.journal = journal
        self.market = market
        ledger = Ledger(startingCash: startingCash, session: gate.tradingSession)
        summary.startingEquity = startingCash
        lastState = gate.state
        drawdown.limit = gate.limits.dailyLossHalt
    }

    /// One event through the pipeline.
    public func handle(_ event: EngineEvent) async {
        switch event {
        case .advance(let timestamp): await advance(to: timestamp)
        case .bar(let bar): await take(bar)
        case .execution(let report): await take(report)
        }
    }

    /// Time has reached `timestamp`: the previous time is done (its progress mark is journaled), a new
    /// trading day starts, finished ticks decide, due slices go out and lost answers are looked up.
    func advance(to timestamp: Int64) async {
        if let currentTime, timestamp > currentTime {
            journal?.record(.progress(lastBarTimestamp: currentTime, dataDigest: dataDigest.text))
        }
        currentTime = timestamp
        lastEventTime = timestamp
        startDayIfNeeded(timestamp)
        let targets = signals.advance(to: timestamp)
        if !targets.isEmpty { await decide(targets, now: timestamp) }
        if !orders.unknownIDs.isEmpty { await resolveUnknown(now: timestamp) }
        await release(now: timestamp)
    }

    func take(_ bar: Bar) async {
        summary.bars += 1
        dataDigest.add(bar)
        lastEventTime = bar.timestamp
        let previous = market.update(bar)
        signals.ingest(bar)
        let quantity = ledger.quantity(of: bar.symbol)
        guard quantity != 0, let previous else { return }
        // The book is marked on every bar: a loss past the limit halts now, not at the next target change.
        if drawdown.move(quantity: quantity, from: previous, to: bar.close) { await checkDailyLoss(now: bar.timestamp) }
    }

    /// A bar the run went through before a crash, again: fills the broker made at it are booked, the
    /// market, the day and the indicators move on; nothing is decided, sent or journaled.
    public func warm(_ bar: Bar, fills: [Fill]) {
        if currentTime.map({ bar.timestamp > $0 }) ?? true {
            currentTime = bar.timestamp
            startDayIfNeeded(bar.timestamp)
            // What `decide` leaves behind besides decisions is kept too: the engine's equity for sizing.
            if !signals.advance(to: bar.timestamp).isEmpty { keepEngineEquityCurrent() }
        }
        for fill in fills where ledger.book(fill) {
            drawdown.book(signedQuantity: fill.signedQuantity, price: (fill.price as NSDecimalNumber).doubleValue,
                          fee: (fill.fee as NSDecimalNumber).doubleValue, lastPrice: market.lastPrice(fill.symbol))
        }
        dataDigest.add(bar)
        let previous = market.lastPrice(bar.symbol)
        market.update(bar)
        if let previous { _ = drawdown.move(quantity: ledger.position(of: bar.symbol).quantity, from: previous, to: bar.close) }
        signals.ingest(bar)
        lastEventTime = bar.timestamp
    }

    /// End of data: the last open timeframe bars decide and released orders go out; then, since no bar
    /// will come to fill them, unreleased slices are dropped and working orders cancelled.
    public func finish() async {
        let now = time.nowMilliseconds
        let targets = signals.finish()
        if !targets.isEmpty { await decide(targets, now: now) }
        await release(now: now)
        await stopTrading(now: now)
        close()
    }

    /// SIGINT or SIGTERM: no new decisions; unreleased slices are dropped and every working order is
    /// cancelled at the broker (the documented shutdown policy: nothing keeps trading unattended).
    public func interrupt(because reason: String? = nil) async {
        let now = time.nowMilliseconds
        let cancelled = await stopTrading(now: now)
        journal?.record(.alert(level: reason == nil ? "warning" : "critical",
                               message: "interrupted: \(cancelled) working orders cancelled" + (reason.map { "; \($0)" } ?? ""),
                               at: now))
        summary.interrupted = true
        close()
    }

    func close() {
        markAll()
        summary.equity = ledger.equity
        summary.realizedPnL = ledger.realizedPnL
        summary.fees = ledger.fees
        summary.positions = Dictionary(uniqueKeysWithValues: ledger.positions.map { ($0.symbol, $0.quantity) })
    }

    /// A new trading day starts valued at the latest marks (marked first: the ledger values at its marks).
    func startDayIfNeeded(_ timestamp: Int64) {
        if let current = ledger.tradingDay, ledger.tradingDay(of: timestamp) <= current { return }
        markAll()
        ledger.startDay(at: timestamp)
        drawdown.reset(equity: ledger.equity, startOfDay: ledger.startOfDayEquity)
    }

    func markAll() {
        for (symbol, price) in market.lastPrices { ledger.mark(symbol, price: price) }
    }

    /// When the engine next wants the time to advance even without a bar: the next scheduled slice.
    public var nextWakeUp: Int64? { router.nextReleaseTime }

    /// One status line: bars, orders and fills so far, equity and PnL at the last marks.
    public var statusLine: String {
        let equity = ledger.equity
        let pnl = equity.amount - summary.startingEquity.amount
        return "\(summary.bars) bars, \(summary.childOrdersSent) orders, \(summary.fills) fills, equity \(equity) "
            + "(PnL \(pnl) \(equity.currency))"
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
