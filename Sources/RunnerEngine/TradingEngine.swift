import Foundation
import RunnerAccounting
import RunnerBroker
import RunnerBus
import RunnerCore
import RunnerJournaling
import RunnerRisk
import RunnerRouting
import RunnerSignals

/// One run of the pipeline, the same code for a replay and for live trading: events in (time advancing,
/// bars, execution reports), through signal engine -> risk gate -> order router -> broker, and the
/// ledger and journal beside them.
///
/// The stages hand each other value-type messages (``StageMessage``) over a ``MessageBus``: the signal
/// engine's targets go to the ``RiskStage``, its decisions to the ``RoutingStage``, the router's orders to
/// the ``BrokerStage``, the broker's reports back. The engine feeds the market data to the stages that
/// read it, publishes the clock and the broker's reports, and takes operators' commands between events.
///
/// It knows no broker, feed or clock in particular: the broker is any ``BrokerAdapter``, the events come
/// from any ``EngineEventSource`` and the time from the injected ``TimeSource`` (a replay's clock is set
/// by its feed to each bar's time; live, the wall clock).
///
/// At `advance(T)`: the progress mark of the previous time is journaled, a new trading day starts,
/// decision ticks that ended by T decide against the book as it stood (no bar of T is known yet), and
/// slices due by T are released. At a bar: the market and the book are marked, the daily-loss rule is
/// applied, and the bar goes to the signal engine. At an execution: the order's lifecycle moves and a
/// fill is booked.
public final class TradingEngine {
    public let signals: SignalEngine
    public let bus: any MessageBus
    public let book: EngineBook
    public let risk: RiskStage
    public let routing: RoutingStage
    public let execution: BrokerStage
    public let environment: String
    /// The time advanced to last: when a later one comes, everything of this one is done.
    public internal(set) var currentTime: Int64?
    /// The digest of every bar read so far, journaled with each progress mark.
    public internal(set) var dataDigest = MarketDataDigest()
    /// Commands from other processes, applied between events.
    public let inbox: CommandInbox
    /// The answers to commands, as the risk stage publishes them.
    let replies = CommandReplies()

    /// Builds the stages and connects them over `bus` (in-process unless the composition root gives another).
    public init(
        environment: String, signals: SignalEngine, gate: RiskGate, router: OrderRouter, broker: any BrokerAdapter,
        submitter: IdempotentSubmitter? = nil, time: any TimeSource, journal: (any Journal)?, market: MarketState,
        startingCash: Money, inbox: CommandInbox = CommandInbox(), bus: any MessageBus = InProcessBus()
    ) {
        self.inbox = inbox
        self.environment = environment
        self.signals = signals
        self.bus = bus
        book = EngineBook(ledger: Ledger(startingCash: startingCash, session: gate.tradingSession),
                          startingCash: startingCash, market: market, journal: journal, time: time)
        risk = RiskStage(gate: gate, book: book, bus: bus)
        routing = RoutingStage(router: router, book: book, bus: bus)
        execution = BrokerStage(broker: broker, submitter: submitter ?? IdempotentSubmitter(broker: broker),
                                book: book, bus: bus)
        // Subscription order is delivery order: at a new time, lost answers are looked up before due slices
        // go out; when trading stops, targets are forgotten, then slices dropped, then orders cancelled.
        bus.subscribe(execution, to: .clock)
        bus.subscribe(routing, to: .clock)
        bus.subscribe(risk, to: .targets)
        bus.subscribe(routing, to: .decisions)
        bus.subscribe(execution, to: .orders)
        bus.subscribe(execution, to: .executions)
        bus.subscribe(risk, to: .executions)
        bus.subscribe(risk, to: .control)
        bus.subscribe(routing, to: .control)
        bus.subscribe(execution, to: .control)
        bus.subscribe(risk, to: .commands)
        bus.subscribe(replies, to: .replies)
    }

    /// One event through the pipeline.
    public func handle(_ event: EngineEvent) async {
        switch event {
        case .advance(let timestamp): await advance(to: timestamp)
        case .bar(let bar): await take(bar)
        case .execution(let report): await bus.publish(.execution(report))
        case .idle: break
        }
    }

    /// Time has reached `timestamp`: the previous time is done (its progress mark is journaled), a new
    /// trading day starts, finished ticks decide, lost answers are looked up and due slices go out.
    func advance(to timestamp: Int64) async {
        if let currentTime, timestamp > currentTime {
            journal?.record(.progress(lastBarTimestamp: currentTime, dataDigest: dataDigest.text))
        }
        currentTime = timestamp
        book.lastEventTime = timestamp
        book.activity.signalEngine = timestamp
        book.startDayIfNeeded(timestamp)
        await decide(signals.advance(to: timestamp), now: timestamp)
        journalStrategyPositions(at: timestamp)
        await bus.publish(.time(timestamp))
    }

    /// The positions strategies hold by their own rules, as they changed (a restart holds them again).
    private func journalStrategyPositions(at time: Int64) {
        for change in signals.takePositionChanges() {
            journal?.record(.strategyPosition(strategy: change.strategy, symbol: change.symbol, position: change.position,
                                              at: time))
        }
    }

    /// A tick's targets to the risk stage, with the engine's equity for sizing kept current.
    private func decide(_ targets: [TargetPosition], now: Int64) async {
        guard !targets.isEmpty else { return }
        keepEngineEquityCurrent()
        await bus.publish(.targets(targets, at: now))
    }

    func take(_ bar: Bar) async {
        book.summary.bars += 1
        dataDigest.add(bar)
        book.lastEventTime = bar.timestamp
        book.activity.signalEngine = bar.timestamp
        let previous = book.market.update(bar)
        signals.ingest(bar)
        journalStrategyPositions(at: bar.timestamp)
        let quantity = book.ledger.quantity(of: bar.symbol)
        guard quantity != 0, let previous else { return }
        // The book is marked on every bar: a loss past the limit halts now, not at the next target change.
        if book.drawdown.move(quantity: quantity, from: previous, to: bar.close) {
            await risk.checkDailyLoss(now: bar.timestamp)
        }
    }

    /// A bar the run went through before a crash, again: fills the broker made at it are booked, the
    /// market, the day and the indicators move on; nothing is decided, sent or journaled.
    public func warm(_ bar: Bar, fills: [Fill]) {
        if currentTime.map({ bar.timestamp > $0 }) ?? true {
            currentTime = bar.timestamp
            book.startDayIfNeeded(bar.timestamp)
            // What a decision leaves behind besides decisions is kept too: the engine's equity for sizing.
            if !signals.advance(to: bar.timestamp).isEmpty { keepEngineEquityCurrent() }
        }
        for fill in fills where book.ledger.book(fill) { bookDrawdown(fill) }
        dataDigest.add(bar)
        let previous = book.market.lastPrice(bar.symbol)
        book.market.update(bar)
        if let previous {
            _ = book.drawdown.move(quantity: book.ledger.position(of: bar.symbol).quantity, from: previous, to: bar.close)
        }
        signals.ingest(bar)
        book.lastEventTime = bar.timestamp
    }

    private func bookDrawdown(_ fill: Fill) {
        book.drawdown.book(signedQuantity: fill.signedQuantity, price: (fill.price as NSDecimalNumber).doubleValue,
                           fee: (fill.fee as NSDecimalNumber).doubleValue, lastPrice: book.market.lastPrice(fill.symbol))
    }

    /// End of data: the last open timeframe bars decide and released orders go out; then, since no bar
    /// will come to fill them, unreleased slices are dropped and working orders cancelled.
    public func finish() async {
        let now = time.nowMilliseconds
        await decide(signals.finish(), now: now)
        journalStrategyPositions(at: now)
        await bus.publish(.endOfData(at: now))
        await bus.publish(.stopTrading(at: now))
        close()
    }

    /// SIGINT or SIGTERM: no new decisions; unreleased slices are dropped and every working order is
    /// cancelled at the broker (the documented shutdown policy: nothing keeps trading unattended).
    public func interrupt(because reason: String? = nil) async {
        let now = time.nowMilliseconds
        await bus.publish(.stopTrading(at: now))
        let cancelled = execution.cancelledAtLastStop
        journal?.record(.alert(level: reason == nil ? "warning" : "critical",
                               message: "interrupted: \(cancelled) working orders cancelled" + (reason.map { "; \($0)" } ?? ""),
                               at: now))
        book.summary.interrupted = true
        close()
    }

    func close() {
        book.markAll()
        let ledger = book.ledger
        book.summary.equity = ledger.equity
        book.summary.realizedPnL = ledger.realizedPnL
        book.summary.fees = ledger.fees
        book.summary.positions = Dictionary(uniqueKeysWithValues: ledger.positions.map { ($0.symbol, $0.quantity) })
    }

    /// Sizing models that read equity see it as of this tick (computing it values the whole book).
    func keepEngineEquityCurrent() {
        guard signals.sizesByEquity else { return }
        book.markAll()
        signals.equity = book.ledger.equity
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

    public typealias TargetKey = RiskStage.TargetKey
    public typealias TargetIntent = RiskStage.TargetIntent
}

/// What the stages hold, read through the engine (write to the stage or the book itself).
extension TradingEngine {
    public var gate: RiskGate { risk.gate }
    public var router: OrderRouter { routing.router }
    public var broker: any BrokerAdapter {
        get { execution.broker }
        set { execution.broker = newValue }
    }
    public var time: any TimeSource { book.time }
    public var journal: (any Journal)? { book.journal }
    public var market: MarketState { book.market }
    public var ledger: Ledger { book.ledger }
    public var summary: RunSummary { book.summary }
    public var orders: WorkingOrders { book.orders }
    public var lastEventTime: Int64? { book.lastEventTime }
    public var stops: [Symbol: Double] { risk.stops }
    public var approvedSizes: [TargetKey: Int64] { risk.approvedSizes }
    public var lastIntent: [TargetKey: TargetIntent] { risk.lastIntent }
    public var lastState: TradingState? { risk.lastState }
}
