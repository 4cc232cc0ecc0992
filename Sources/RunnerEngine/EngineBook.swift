import Foundation
import RunnerAccounting
import RunnerBroker
import RunnerCore
import RunnerJournaling

/// The account as the stages of one process see it: the ledger (positions, cash, marks), the market,
/// the orders working at the broker, the slices scheduled, the run's counts and its journal. In one
/// process the stages share it; a stage that runs in a process of its own keeps its own copy, built from
/// the execution reports and the market data it reads.
public final class EngineBook {
    public internal(set) var ledger: Ledger
    public let market: MarketState
    /// Orders sent that may still execute.
    public var orders = WorkingOrders()
    /// Signed shares of approved slices not yet released, per symbol: exposure the gate must see.
    public internal(set) var scheduled: [Symbol: Int64] = [:]
    public var summary = RunSummary()
    public let journal: (any Journal)?
    public let time: any TimeSource
    /// The latest time an event carried, for `status`.
    public internal(set) var lastEventTime: Int64?
    /// What each stage handled last, for heartbeats.
    public internal(set) var activity = StageActivity()
    var drawdown = IntradayDrawdown()

    init(ledger: Ledger, startingCash: Money, market: MarketState, journal: (any Journal)?, time: any TimeSource) {
        self.ledger = ledger
        self.market = market
        self.journal = journal
        self.time = time
        summary.startingEquity = startingCash
    }

    /// Values every position at the market's latest price.
    func markAll() {
        for (symbol, price) in market.lastPrices { ledger.mark(symbol, price: price) }
    }

    /// A new trading day starts valued at the latest marks (marked first: the ledger values at its marks).
    func startDayIfNeeded(_ timestamp: Int64) {
        if let current = ledger.tradingDay, ledger.tradingDay(of: timestamp) <= current { return }
        markAll()
        ledger.startDay(at: timestamp)
        drawdown.reset(equity: ledger.equity, startOfDay: ledger.startOfDayEquity)
    }

    /// Books an execution once (a report delivered twice is recognised by its execution id); false when
    /// it was booked before.
    func book(_ fill: Fill) -> Bool {
        guard ledger.book(fill) else { return false }
        summary.fills += 1
        lastEventTime = fill.timestamp
        drawdown.book(signedQuantity: fill.signedQuantity, price: NSDecimalNumber(decimal: fill.price).doubleValue,
                      fee: NSDecimalNumber(decimal: fill.fee).doubleValue, lastPrice: market.lastPrice(fill.symbol))
        return true
    }

    /// Working orders plus slices approved but not yet released: both are exposure the gate must see.
    func workingIncludingScheduled() -> [Symbol: Int64] {
        var total = orders.bySymbol
        for (symbol, quantity) in scheduled { total[symbol, default: 0] += quantity }
        return total
    }

    func alert(_ level: String, _ message: String, at time: Int64) {
        journal?.record(.alert(level: level, message: message, at: time))
    }

    /// Where the safety layer's alerts go (the run's dispatcher: journal, log, sinks); nil journals them only.
    public var alerts: (any AlertRaising)?
    /// The environment named on the alerts.
    public var alertEnvironment = ""

    /// An alert a person must see (a kill, a halt): through ``alerts`` when set, else to the journal.
    func raise(_ kind: OperatorAlert.Kind, _ severity: OperatorAlert.Severity, _ message: String, at time: Int64) {
        guard let alerts else { return alert(severity.rawValue, message, at: time) }
        alerts.raise(OperatorAlert(kind: kind, severity: severity, message: message, environment: alertEnvironment, at: time))
    }
}
