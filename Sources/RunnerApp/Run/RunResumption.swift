import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import RunnerJournal
import RunnerRisk
import RunnerSignals

/// A restart after a crash. The journal says what the run had committed (positions, orders, the trading
/// state, each strategy's latest target and the gate's answer, and the last bar done); the broker says
/// what really happened (every order by client order id, every fill, and the last bar the venue saw,
/// which may be later: the journal commits behind the hot path). The run takes both, warms its
/// indicators and books over the bars already seen, journals what only the broker knew, and trades on.
///
/// The bar the venue saw last is decided again when the journal had not committed it: its orders may have
/// been half sent. Ids are deterministic, so what was sent is found working at the broker and the rest
/// goes out; nothing is sent twice.
struct RunResumption {
    /// What the resumption did, for the terminal and the journal's alert.
    struct Report: CustomStringConvertible {
        var journalMark: Int64?
        var venueMark: Int64?
        var warmedBars = 0
        var fillsTaken = 0
        var ordersTaken = 0
        var slicesRescheduled = 0
        /// Journal orders closed because they never reached the broker and will not be sent.
        var ordersClosed = 0

        var description: String {
            "resumed after a crash: journal committed through \(journalMark.map(String.init) ?? "nothing"), "
                + "venue at \(venueMark.map(String.init) ?? "nothing"); \(warmedBars) bars warmed; "
                + "from the broker: \(fillsTaken) fills, \(ordersTaken) order statuses; "
                + "\(slicesRescheduled) slices rescheduled"
                + (ordersClosed > 0 ? "; \(ordersClosed) journal orders closed as never sent" : "")
        }
    }

    let recovered: RecoveredState
    private let decisions: [(signal: TargetPosition, decision: JournaledDecision)]
    private let parents: [String: JournaledParentOrder]
    private let orders: [String: JournaledChildOrder]
    private let executionIDs: Set<String>

    /// Reads what a restart needs from the committed journal.
    init(journal: SQLiteJournal) throws {
        recovered = try journal.recover()
        let signals = try journal.signals()
        let decisions = try journal.decisions()
        guard signals.count == decisions.count else {
            throw RunError("\(journal.path): \(signals.count) signals but \(decisions.count) decisions; "
                + "the journal was not written by this version of `runner run`")
        }
        self.decisions = Array(zip(signals, decisions))
        parents = Dictionary(try journal.parentOrders().map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        orders = Dictionary(try journal.childOrders().map { ($0.order.clientOrderID, $0) }, uniquingKeysWith: { $1 })
        executionIDs = Set(try journal.executions().map(\.executionID))
    }

    /// Restores the run's memory from the journal and the broker, warms it over the bars already seen,
    /// and journals what only the broker knew. Returns the first bar still to process normally (nil when
    /// the next one from `source` is), and what was done.
    func resume(_ run: PaperRun, source: inout CSVMarketDataSource) throws -> (next: Bar?, report: Report) {
        var report = Report(journalMark: recovered.lastBarTimestamp, venueMark: run.broker.lastProcessedBar?.timestamp)
        restoreIntents(run)
        let brokerOrders = run.broker.allOrders
        for order in brokerOrders where order.isOpen {
            run.openChildren[order.order.clientOrderID] = (order.order, order.remainingQuantity)
            run.working[order.order.symbol, default: 0] +=
                order.order.side == .buy ? order.remainingQuantity : -order.remainingQuantity
        }
        let known = Dictionary(brokerOrders.map { ($0.order.clientOrderID, $0) }, uniquingKeysWith: { $1 })
        let (slices, missing) = unsentSlices(known: known, brokerOrders: brokerOrders)
        run.router.restore(slices)
        report.slicesRescheduled = slices.count

        // Warm over every bar the journal committed and every bar the venue saw.
        let fills = run.broker.allFills
        var fillsAt: [BarKey: [Fill]] = [:]
        for fill in fills { fillsAt[BarKey(symbol: fill.symbol, timestamp: fill.timestamp), default: []].append(fill) }
        let mark = recovered.lastBarTimestamp ?? Int64.min
        let venue = run.broker.lastProcessedBar.flatMap { $0.timestamp > mark ? BarKey(symbol: $0.symbol, timestamp: $0.timestamp) : nil }
        var next: Bar?
        var redecide: Bar?
        while let bar = try source.next() {
            let key = BarKey(symbol: bar.symbol, timestamp: bar.timestamp)
            if bar.timestamp <= mark || (venue != nil && key != venue) {
                run.warm(bar, fills: fillsAt[key] ?? [])
                report.warmedBars += 1
            } else if key == venue {
                redecide = bar
                break
            } else {
                next = bar
                break
            }
        }
        let now = redecide?.timestamp ?? run.time.nowMilliseconds
        report.fillsTaken = journalBrokerKnowledge(run, fills: fills, brokerOrders: brokerOrders, missing: missing, now: now)
        report.ordersTaken = brokerOrders.filter { orders[$0.order.clientOrderID]?.status != Self.status($0) }.count
        report.ordersClosed = missing.count
        run.journal?.record(.alert(level: "warning", message: report.description, at: now))
        if let redecide {
            run.redecide(redecide, fills: fillsAt[BarKey(symbol: redecide.symbol, timestamp: redecide.timestamp)] ?? [])
            report.warmedBars += 1
        }
        return (next, report)
    }

    private struct BarKey: Hashable {
        var symbol: Symbol
        var timestamp: Int64
    }

    /// Each strategy's latest target and the gate's answer, so unchanged targets are not decided again,
    /// strategies sharing a symbol are still netted, and positions keep the stops they were sized with.
    private func restoreIntents(_ run: PaperRun) {
        for (signal, decision) in decisions {
            let key = PaperRun.TargetKey(strategy: signal.strategy, symbol: signal.symbol)
            run.lastIntent[key] = PaperRun.TargetIntent(signedSize: decision.target.signedSize, code: decision.code?.rawValue)
            guard decision.isApproved else { continue }
            run.approvedSizes[key] = signal.signedSize
            if let stop = decision.target.stopDistance { run.stops[signal.symbol] = stop }
        }
        run.lastState = recovered.tradingState
    }

    /// The journal's orders that never reached the broker: slices still to release (each symbol's newest
    /// parent only, unless the broker holds a later parent that replaced it), and orders the journal
    /// believed sent that the broker has no record of.
    private func unsentSlices(known: [String: BrokerOrder], brokerOrders: [BrokerOrder])
        -> (slices: [ChildOrder], missing: [JournaledChildOrder])
    {
        var slices: [Symbol: [ChildOrder]] = [:]
        var missing: [JournaledChildOrder] = []
        for open in recovered.openOrders where known[open.order.clientOrderID] == nil {
            guard ["scheduled", "unknown", "sent"].contains(open.status) else {
                missing.append(open)
                continue
            }
            let routedAt = parents[open.order.parentID]?.at ?? open.firstAt
            // A later parent for the symbol at the broker replaced this schedule before the crash.
            if brokerOrders.contains(where: {
                $0.order.symbol == open.order.symbol && $0.order.parentID != open.order.parentID && $0.acceptedAt >= routedAt
            }) {
                missing.append(open)
                continue
            }
            if let current = slices[open.order.symbol]?.first, current.parentID != open.order.parentID {
                let currentAt = parents[current.parentID]?.at ?? current.releaseAt
                if currentAt > routedAt {
                    missing.append(open)
                    continue
                }
                missing += slices[open.order.symbol, default: []].compactMap { orders[$0.clientOrderID] }
                slices[open.order.symbol] = nil
            }
            slices[open.order.symbol, default: []].append(open.order)
        }
        return (slices.values.flatMap { $0 }, missing)
    }

    /// Journals the broker's fills and order statuses the journal lacks, the positions after them, and
    /// closes the journal's orders that never reached the broker. Returns how many fills were taken.
    private func journalBrokerKnowledge(
        _ run: PaperRun, fills: [Fill], brokerOrders: [BrokerOrder], missing: [JournaledChildOrder], now: Int64
    ) -> Int {
        var taken = 0
        for order in brokerOrders where orders[order.order.clientOrderID]?.status != Self.status(order) {
            run.journal?.record(.childOrder(order.order, status: Self.status(order), at: now))
        }
        for fill in fills where !executionIDs.contains(fill.executionID) {
            run.journal?.record(.execution(fill))
            taken += 1
        }
        for order in missing { run.journal?.record(.childOrder(order.order, status: "cancelled", at: now)) }
        for position in run.ledger.allPositions {
            let journaled = recovered.positions[position.symbol]
            guard (journaled?.quantity ?? 0) != position.quantity else { continue }
            run.journal?.record(.position(symbol: position.symbol, quantity: position.quantity,
                                          averageCost: position.averageCost.map { NSDecimalNumber(decimal: $0).doubleValue } ?? 0,
                                          at: now))
        }
        return taken
    }

    /// The broker's status in the words the run journals.
    static func status(_ order: BrokerOrder) -> String {
        switch order.status {
        case .accepted: "accepted"
        case .partiallyFilled: "partially_filled"
        case .filled: "filled"
        case .cancelled: "cancelled"
        case .rejected: "rejected"
        }
    }
}
