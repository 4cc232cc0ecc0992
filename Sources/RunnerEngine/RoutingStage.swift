import RunnerBus
import RunnerCore
import RunnerRisk
import RunnerRouting

/// The order router as a stage: an approved target becomes a parent order (direct, TWAP or VWAP slices)
/// after the symbol's working orders are cancelled, and each slice is published to the broker stage when
/// its time comes. It never sizes a position: the delta is the approved target less what is held and working.
public final class RoutingStage: StageConsumer {
    public let router: OrderRouter
    let book: EngineBook
    unowned let bus: any MessageBus

    init(router: OrderRouter, book: EngineBook, bus: any MessageBus) {
        self.router = router
        self.book = book
        self.bus = bus
    }

    public func receive(_ message: StageMessage) async {
        book.activity.router = book.time.nowMilliseconds
        switch message {
        case .decision(.approved(let approved), let route, let now):
            await self.route(approved, now: now, immediately: route == .immediately)
        case .time(let now), .endOfData(let now): await release(now: now)
        case .stopTrading(let now):
            for child in router.dropAll() { book.journal?.record(.childOrder(child, status: .cancelled, at: now)) }
            refreshScheduled()
        default: break
        }
    }

    /// Routes an approved target: the symbol's working orders are cancelled first, so the router never
    /// places an opposite order against one still working.
    func route(_ approved: ApprovedTarget, now: Int64, immediately: Bool) async {
        let symbol = approved.target.symbol
        await bus.publish(.order(.cancelWorking(symbol, at: now)))
        let position = book.ledger.position(of: symbol).quantity
        let context = book.market.context(symbol, at: now, horizon: router.rules.horizon,
                                          interval: router.rules.childInterval)
        let parent = router.route(approved, position: position, working: book.orders.bySymbol[symbol] ?? 0,
                                  market: context, directly: immediately)
        for dropped in router.lastDropped { book.journal?.record(.childOrder(dropped, status: .cancelled, at: now)) }
        defer { refreshScheduled() }
        guard let parent else { return }
        if router.rules.algorithm == .vwap, parent.algorithm == .twap {
            // Said, not silent: VWAP needs one complete session of volume history for the symbol.
            book.alert("info", "\(symbol) has no complete session of volume history yet: "
                + "order \(parent.id) runs as TWAP instead of VWAP", at: now)
        }
        book.summary.parentOrders += 1
        book.journal?.record(.parentOrder(parent, at: now))
        for child in parent.children { book.journal?.record(.childOrder(child, status: .scheduled, at: now)) }
        book.summary.childOrdersPlanned += parent.children.count
        if immediately { await release(now: now) }
    }

    /// Publishes the slices whose release time has come.
    func release(now: Int64) async {
        let due = router.release(now: now)
        guard !due.isEmpty else { return }
        refreshScheduled()
        for child in due { await bus.publish(.order(.send(child, at: now))) }
    }

    /// Puts the slices a crashed run left scheduled back on the schedule.
    public func restore(_ children: [ChildOrder]) {
        router.restore(children)
        refreshScheduled()
    }

    /// The schedule's exposure per symbol, kept in the book for the gate.
    private func refreshScheduled() {
        book.scheduled.removeAll(keepingCapacity: true)
        router.forEachPending { symbol, quantity in
            guard quantity != 0 else { return }
            book.scheduled[symbol, default: 0] += quantity
        }
    }
}
