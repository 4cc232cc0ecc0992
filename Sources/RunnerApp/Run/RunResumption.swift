import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import RunnerEngine
import RunnerJournal
import RunnerRisk
import RunnerSignals

/// A restart after a crash.
///
/// The journal commits whole bars, so what it holds is the run's state at the end of its last committed
/// bar time P: positions, working orders and slices still scheduled, the trading state, each strategy's
/// latest target and the gate's answer. The broker knows more: everything the run sent until the crash,
/// at bar C, which is usually later (the journal commits behind the hot path).
///
/// The restart rebuilds the run at P: the journal's state, the broker's orders as they stood at P (a
/// replica of the venue from its book file), and the indicators, books and market state warmed over the
/// bars up to P. Then it runs the bars from P to C again (and the times the run reached after C before its
/// next bar: wake-ups that released slices, the next bar's time), exactly as before, against the replica, which
/// answers as the venue did; the run is deterministic, so it makes the same decisions and journals them.
/// Finally the broker catches up with the replica, by client order id: what the crash kept from being
/// sent is sent, with the ids it would have had; what was already sent is not sent again. From there the
/// run trades on against the broker itself.
struct RunResumption {
    /// What the resumption did, for the terminal and the journal.
    struct Report: CustomStringConvertible {
        var journalMark: Int64?
        var venueMark: Int64?
        var warmedBars = 0
        var replayedBars = 0
        var sent: [String] = []
        var cancelled: [String] = []
        var fillsAgree = true
        /// Orders the journal holds as working that the broker has no record of (its book lost them, as a
        /// paper book can in a power loss): the run treats them as never placed.
        var unknownToBroker: [String] = []

        var description: String {
            "resumed after a crash: journal committed through \(Self.time(journalMark)), broker at \(Self.time(venueMark)); "
                + "\(warmedBars) bars warmed, \(replayedBars) replayed; \(sent.count) orders sent and "
                + "\(cancelled.count) cancelled that the crash had kept from the broker"
                + (fillsAgree ? "" : "; THE BROKER'S FILLS DIFFER FROM THE REPLAY'S")
                + (unknownToBroker.isEmpty ? "" : "; the broker has no record of \(unknownToBroker.count) orders the "
                    + "journal holds as working (\(unknownToBroker.prefix(5).joined(separator: ", ")))")
        }

        static func time(_ milliseconds: Int64?) -> String {
            guard let milliseconds else { return "nothing" }
            return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        }
    }

    let recovered: RecoveredState
    private let decisions: [(signal: TargetPosition, decision: JournaledDecision)]
    /// When the broker last rejected an order, per symbol.
    private let rejections: [Symbol: Int64]
    /// When trading last stopped (a halt or reduce-only, which forgets every target); nil if it never did.
    private let lastStop: Int64?

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
        lastStop = try journal.tradingStates().filter { $0.mode != .active }.map(\.since).max()
        rejections = try journal.childOrders().filter { $0.status == .rejected }
            .reduce(into: [:]) { latest, order in latest[order.order.symbol] = max(latest[order.order.symbol] ?? .min, order.updatedAt) }
    }

    /// The trading state a resumed run starts in: the journal's at its mark, so the bars it replays are
    /// decided as before; but a halt or reduce-only an operator commanded is never dropped, even when the
    /// crash came before the journal committed it.
    func startingState(saved: TradingState?) -> TradingState? {
        if let saved, saved.reason == .command, saved.mode != .active { return saved }
        return recovered.tradingState ?? saved
    }

    /// Rebuilds the engine at the journal's mark, replays the bars the crash left unjournaled, and brings
    /// the broker level. The feed then goes on with the first bar still to process.
    func resume(_ engine: TradingEngine, feed: ReplayFeed, broker: PaperBroker) async throws
        -> Report
    {
        let mark = recovered.lastBarTimestamp
        var report = Report(journalMark: mark, venueMark: broker.lastProcessedBar?.timestamp)
        let replica = try broker.replica(through: mark)
        engine.broker = replica
        feed.venue = replica
        restore(engine, replica: replica)
        for open in recovered.openOrders where open.status == .accepted || open.status == .partiallyFilled {
            let id = open.order.clientOrderID
            guard (try? replica.orderNow(clientOrderID: id)) ?? nil == nil else { continue }
            report.unknownToBroker.append(id)
            engine.journal?.record(.childOrder(open.order, status: .cancelled, at: mark ?? engine.time.nowMilliseconds))
        }

        var fillsAt: [BarKey: [Fill]] = [:]
        for fill in replica.allFills { fillsAt[BarKey(symbol: fill.symbol, timestamp: fill.timestamp), default: []].append(fill) }
        while let bar = try feed.nextBar() {
            guard bar.timestamp <= mark ?? Int64.min else {
                feed.putBack(bar)
                break
            }
            engine.warm(bar, fills: fillsAt[BarKey(symbol: bar.symbol, timestamp: bar.timestamp)] ?? [])
            report.warmedBars += 1
        }
        feed.resume(at: engine.currentTime)
        if let journaled = recovered.dataDigest, journaled != engine.dataDigest.text {
            throw RunError("the market data read up to \(Report.time(mark)) differs from what the crashed run read "
                + "(digest \(engine.dataDigest.text), journaled \(journaled)): the run cannot resume on other data; "
                + "run with --fresh to start anew")
        }

        // What the crashed run did after its last commit, again, up to where the broker's book ends: the
        // bars the venue matched, and the time it reached after them (orders sent at a new time before
        // any of its bars). Never a bar the venue did not see: the feed goes on from there with the broker.
        if let venueClock = broker.lastEventClock, venueClock > mark ?? Int64.min {
            let venueBar = broker.lastProcessedBar
            var passed = venueBar.map { $0.timestamp <= mark ?? Int64.min } ?? true
            while !passed, let event = try feed.next() {
                await engine.handle(event)
                guard case .bar(let bar) = event else { continue }
                report.replayedBars += 1
                if bar.symbol == venueBar?.symbol, bar.timestamp == venueBar?.timestamp { passed = true }
            }
            // Then the times it reached before the next bar, up to the venue's clock: slices released at a
            // wake-up between bars, and orders sent at the next bar's time before any of its bars.
            while let next = try feed.nextBar() {
                feed.putBack(next)
                let now = engine.currentTime ?? Int64.min
                let wake = engine.nextWakeUp.flatMap { $0 > now && $0 < next.timestamp ? $0 : nil }
                let time = wake ?? next.timestamp
                guard time > now, time <= venueClock, let advance = try feed.next() else { break }
                await engine.handle(advance)
            }
        }
        do {
            (report.sent, report.cancelled, report.fillsAgree) = try broker.catchUp(with: replica)
        } catch {
            throw RunError("the broker refused to catch up with the replayed run: \(error)")
        }
        engine.broker = broker
        feed.venue = broker
        let now = engine.time.nowMilliseconds
        let level = report.fillsAgree && report.unknownToBroker.isEmpty ? "warning" : "critical"
        engine.journal?.record(.alert(level: level, message: report.description, at: now))
        return report
    }

    private struct BarKey: Hashable {
        var symbol: Symbol
        var timestamp: Int64
    }

    /// The run's memory at the journal's mark: each strategy's latest target and the gate's answer (so
    /// unchanged targets are not decided again, strategies sharing a symbol are still netted, positions
    /// keep the stops they were sized with), the trading state and the approvals that count against the
    /// per-minute limit, the orders working at the venue, and the slices still scheduled.
    private func restore(_ engine: TradingEngine, replica: PaperBroker) {
        // The stage's own tables: the engine's views of them are read-only.
        let risk = engine.risk
        var approvals: [Int64] = []
        var keyDecidedAt: [TradingEngine.TargetKey: Int64] = [:]
        for (signal, decision) in decisions {
            let key = TradingEngine.TargetKey(strategy: signal.strategy, symbol: signal.symbol)
            keyDecidedAt[key] = decision.at
            risk.lastIntent[key] = TradingEngine.TargetIntent(signedSize: signal.signedSize, code: decision.code)
            guard decision.isApproved else { continue }
            approvals.append(decision.at)
            risk.approvedSizes[key] = signal.signedSize
            if let stop = decision.target.stopDistance { risk.stops[signal.symbol] = stop }
        }
        // A rejection lets the symbol's next target be decided again (see `BrokerStage.submit`).
        var decidedAt: [Symbol: Int64] = [:]
        for (signal, decision) in decisions { decidedAt[signal.symbol] = decision.at }
        for (symbol, rejectedAt) in rejections where rejectedAt >= decidedAt[symbol] ?? .min {
            risk.lastIntent = risk.lastIntent.filter { $0.key.symbol != symbol }
        }
        // A stop forgot every target decided before it (see `RiskStage.receive`, `.stopTrading`).
        if let lastStop { risk.lastIntent = risk.lastIntent.filter { key, _ in (keyDecidedAt[key] ?? .min) > lastStop } }
        engine.gate.restoreApprovals(at: approvals)
        risk.lastState = recovered.tradingState ?? engine.gate.state
        for order in replica.allOrders where order.isOpen { engine.book.orders.track(OrderLifecycle(adopting: order)) }
        engine.routing.restore(recovered.openOrders.filter { $0.status == .scheduled }.map(\.order))
    }
}
