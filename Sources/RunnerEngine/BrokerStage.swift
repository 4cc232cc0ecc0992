import RunnerBroker
import RunnerBus
import RunnerCore

/// The broker connection as a stage: it sends the router's orders through the one submission rule
/// (``IdempotentSubmitter``), cancels, looks up orders whose answer was lost, and turns the broker's
/// execution reports into order lifecycles and booked fills.
public final class BrokerStage: StageConsumer {
    /// The broker. A restart swaps in a replica of the venue while it replays what the crash left unjournaled.
    public var broker: any BrokerAdapter {
        didSet { submitter = IdempotentSubmitter(broker: broker, attempts: submitter.attempts, timeout: submitter.timeout) }
    }
    var submitter: IdempotentSubmitter
    let book: EngineBook
    unowned let bus: any MessageBus
    /// How many orders the broker cancelled at the latest stop.
    public private(set) var cancelledAtLastStop = 0

    init(broker: any BrokerAdapter, submitter: IdempotentSubmitter, book: EngineBook, bus: any MessageBus) {
        self.broker = broker
        self.submitter = submitter
        self.book = book
        self.bus = bus
    }

    public func receive(_ message: StageMessage) async {
        book.activity.broker = book.time.nowMilliseconds
        switch message {
        case .order(.send(let child, let now)): await send(child, now: now)
        case .order(.cancelWorking(let symbol, let now)):
            for id in book.orders.ids(for: symbol) { await cancel(id, now: now) }
        case .time(let now):
            if !book.orders.unknownIDs.isEmpty { await resolveUnknown(now: now) }
        case .stopTrading(let now):
            cancelledAtLastStop = 0
            for id in book.orders.allIDs where await cancel(id, now: now) { cancelledAtLastStop += 1 }
        case .execution(let report): take(report)
        case .killAtBroker(let now): await killAtBroker(now: now)
        default: break
        }
    }

    /// The kill switch at the broker: everything cancelled and closed there (orders this run does not know
    /// included), the closing orders tracked and their fills booked like any other, and the outcome handed
    /// back to the risk stage.
    func killAtBroker(now: Int64) async {
        let outcome = await BrokerFlattening.flatten(broker)
        for id in book.orders.allIDs where book.orders[id]?.status.mayBeWorking == true {
            if let known = try? await broker.order(clientOrderID: id), !known.status.mayBeWorking {
                apply(.found(known), to: id, now: now)
            }
        }
        for closing in outcome.closingOrders where book.orders[closing.order.clientOrderID] == nil {
            book.orders.track(OrderLifecycle(scheduled: closing.order))
            apply(.sent, to: closing.order.clientOrderID, now: now)
            apply(.acknowledged, to: closing.order.clientOrderID, now: now)
            book.summary.childOrdersSent += 1
        }
        let closingIDs = Set(outcome.closingOrders.map(\.order.clientOrderID))
        if let fills = try? await broker.fills(since: now) {
            for fill in fills where closingIDs.contains(fill.clientOrderID) { bookFill(fill) }
        }
        await bus.publish(.brokerFlattened(outcome, at: now))
    }

    /// Sends one order by the submitter's rule and moves its lifecycle by the answer.
    func send(_ child: ChildOrder, now: Int64) async {
        book.orders.track(OrderLifecycle(scheduled: child))
        apply(.sent, to: child.clientOrderID, now: now)
        book.summary.childOrdersSent += 1
        await submit(child, now: now)
    }

    /// Hands a tracked order (status `new`) to the broker and moves it by the answer.
    func submit(_ child: ChildOrder, now: Int64) async {
        let id = child.clientOrderID
        do {
            let known = try await submitter.submit(child)
            apply(.found(known), to: id, now: now)
        } catch .outcomeUnknown, .disconnected {
            apply(.outcomeLost, to: id, now: now)
            book.alert("warning", "no answer for order \(id) after \(submitter.attempts) attempts: it is looked up "
                + "again by its client order id", at: now)
        } catch .duplicateClientOrderID {
            apply(.rejected, to: id, now: now)
            book.alert("critical", "client order id \(id) is taken at the broker by a different order", at: now)
        } catch {
            apply(.rejected, to: id, now: now)
            book.alert("error", "\(error)", at: now)
            await bus.publish(.submissionFailed(child, reason: "\(error)", at: now))
        }
    }

    /// Orders whose answer was lost, looked up again: found, adopted; not found, sent again with the same id.
    func resolveUnknown(now: Int64) async {
        for id in book.orders.unknownIDs {
            guard let order = book.orders[id]?.order else { continue }
            do {
                if let known = try await submitter.lookUp(id) {
                    guard IdempotentSubmitter.same(known.order, order) else {
                        apply(.rejected, to: id, now: now)
                        book.alert("critical", "client order id \(id) is taken at the broker by a different order", at: now)
                        continue
                    }
                    apply(.found(known), to: id, now: now)
                } else {
                    // It never arrived: sent again, with the same id.
                    apply(.notFound, to: id, now: now)
                    await submit(order, now: now)
                }
            } catch {
                // Still no answer: looked up again at the next event.
            }
        }
    }

    /// What the broker reports about an order.
    func take(_ report: ExecutionReport) {
        let now = book.time.nowMilliseconds
        switch report {
        case .filled(let fill): bookFill(fill)
        case .accepted(let id): apply(.acknowledged, to: id, now: now)
        case .cancelled(let id): apply(.cancelled, to: id, now: now)
        case .rejected(let id, let reason):
            apply(.rejected, to: id, now: now)
            book.alert("error", "the broker rejected order \(id): \(reason)", at: now)
        }
    }

    /// Books an execution once (a report delivered twice is recognised by its execution id) and moves its
    /// order's lifecycle.
    func bookFill(_ fill: Fill) {
        guard book.book(fill) else { return }
        if book.orders[fill.clientOrderID] == nil {
            book.alert("critical", "execution \(fill.executionID) of \(fill.quantity) \(fill.symbol) for order "
                + "\(fill.clientOrderID), which this run does not hold as working: booked", at: fill.timestamp)
        }
        apply(.filled(quantity: fill.quantity), to: fill.clientOrderID, now: fill.timestamp)
        let position = book.ledger.position(of: fill.symbol)
        book.journal?.record(.execution(fill))
        book.journal?.record(.positionBasis(symbol: fill.symbol, quantity: position.quantity,
                                            costBasis: position.costBasis.amount, at: fill.timestamp))
    }

    /// Moves an order's lifecycle and performs what it asks for.
    func apply(_ event: OrderLifecycle.Event, to id: String, now: Int64) {
        guard let (lifecycle, actions) = book.orders.apply(event, to: id) else { return }
        for action in actions {
            switch action {
            case .journal(let status): book.journal?.record(.childOrder(lifecycle.order, status: status, at: now))
            case .alert(let message): book.alert("critical", message, at: now)
            case .resend: break  // the caller that looked the order up sends it again
            }
        }
    }

    /// Cancels one order. When the broker refuses, it is asked for the order: one that ended (filled,
    /// cancelled) gets the broker's status; one it never received can no longer trade and counts as cancelled.
    @discardableResult
    func cancel(_ id: String, now: Int64) async -> Bool {
        do {
            try await submitter.cancel(id)
            apply(.cancelled, to: id, now: now)
            return true
        } catch {
            let lookup: Result<BrokerOrder?, BrokerError>
            do { lookup = .success(try await submitter.lookUp(id)) } catch { lookup = .failure(error) }
            switch lookup {
            case .success(.some(let known)) where !known.status.mayBeWorking: apply(.found(known), to: id, now: now)
            case .success(nil) where book.orders[id]?.status != .unknown:
                // Sent and acknowledged, yet gone: it can no longer trade.
                apply(.cancelled, to: id, now: now)
            default: break  // no answer, still working, or an unknown order that may arrive yet: tracked
            }
            return false
        }
    }
}
