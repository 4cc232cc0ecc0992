import RunnerBroker
import RunnerCore
import RunnerRouting

extension TradingEngine {
    /// Sends the slices whose release time has come.
    func release(now: Int64) async {
        for child in router.release(now: now) { await send(child, now: now) }
    }

    /// Sends one order by the submitter's rule and moves its lifecycle by the answer.
    func send(_ child: ChildOrder, now: Int64) async {
        orders.track(OrderLifecycle(scheduled: child))
        apply(.sent, to: child.clientOrderID, now: now)
        summary.childOrdersSent += 1
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
            journal?.record(.alert(level: "warning", message: "no answer for order \(id) after \(submitter.attempts) "
                + "attempts: it is looked up again by its client order id", at: now))
        } catch .duplicateClientOrderID {
            apply(.rejected, to: id, now: now)
            journal?.record(.alert(level: "critical", message: "client order id \(id) is taken at the broker by a "
                + "different order", at: now))
        } catch {
            apply(.rejected, to: id, now: now)
            journal?.record(.alert(level: "error", message: "\(error)", at: now))
            // Let the strategy's next target be decided and routed again.
            lastIntent = lastIntent.filter { $0.key.symbol != child.symbol }
        }
    }

    /// Orders whose answer was lost, looked up again: found, adopted; not found, sent again with the same id.
    func resolveUnknown(now: Int64) async {
        for id in orders.unknownIDs {
            guard let order = orders[id]?.order else { continue }
            do {
                if let known = try await submitter.lookUp(id) {
                    guard IdempotentSubmitter.same(known.order, order) else {
                        apply(.rejected, to: id, now: now)
                        journal?.record(.alert(level: "critical", message: "client order id \(id) is taken at the "
                            + "broker by a different order", at: now))
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
    func take(_ report: ExecutionReport) async {
        let now = time.nowMilliseconds
        switch report {
        case .filled(let fill): book(fill)
        case .accepted(let id): apply(.acknowledged, to: id, now: now)
        case .cancelled(let id): apply(.cancelled, to: id, now: now)
        case .rejected(let id, let reason):
            apply(.rejected, to: id, now: now)
            journal?.record(.alert(level: "error", message: "the broker rejected order \(id): \(reason)", at: now))
        }
    }

    /// Books an execution once (a report delivered twice is recognised by its execution id).
    func book(_ fill: Fill) {
        guard ledger.book(fill) else { return }
        summary.fills += 1
        lastEventTime = fill.timestamp
        drawdown.book(signedQuantity: fill.signedQuantity, price: NSDecimalNumber(decimal: fill.price).doubleValue,
                      fee: NSDecimalNumber(decimal: fill.fee).doubleValue, lastPrice: market.lastPrice(fill.symbol))
        if orders[fill.clientOrderID] == nil {
            journal?.record(.alert(level: "critical", message: "execution \(fill.executionID) of \(fill.quantity) "
                + "\(fill.symbol) for order \(fill.clientOrderID), which this run does not hold as working: booked",
                at: fill.timestamp))
        }
        apply(.filled(quantity: fill.quantity), to: fill.clientOrderID, now: fill.timestamp)
        let position = ledger.position(of: fill.symbol)
        journal?.record(.execution(fill))
        journal?.record(.positionBasis(symbol: fill.symbol, quantity: position.quantity,
                                       costBasis: position.costBasis.amount, at: fill.timestamp))
    }

    /// Moves an order's lifecycle and performs what it asks for.
    func apply(_ event: OrderLifecycle.Event, to id: String, now: Int64) {
        guard let (lifecycle, actions) = orders.apply(event, to: id) else { return }
        for action in actions {
            switch action {
            case .journal(let status): journal?.record(.childOrder(lifecycle.order, status: status, at: now))
            case .alert(let message): journal?.record(.alert(level: "critical", message: message, at: now))
            case .resend: break  // the caller that looked the order up sends it again
            }
        }
    }

    /// Drops every unreleased slice and cancels every working order (interrupt, halt, flatten); returns
    /// how many orders the broker cancelled. Every strategy's target is forgotten, so each is decided
    /// afresh at its next tick (a reduction cut short by a halt goes out again, if the gate lets it).
    @discardableResult
    func stopTrading(now: Int64) async -> Int {
        lastIntent.removeAll()
        for child in router.dropAll() { journal?.record(.childOrder(child, status: .cancelled, at: now)) }
        var cancelled = 0
        for id in orders.allIDs where await cancel(id, now: now) { cancelled += 1 }
        return cancelled
    }

    /// Cancels the symbol's working orders before a new target replaces them.
    func cancelWorking(_ symbol: Symbol, now: Int64) async {
        for id in orders.ids(for: symbol) { await cancel(id, now: now) }
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
            case .success(nil) where orders[id]?.status != .unknown:
                // Sent and acknowledged, yet gone: it can no longer trade.
                apply(.cancelled, to: id, now: now)
            default: break  // no answer, still working, or an unknown order that may arrive yet: tracked
            }
            return false
        }
    }
}

import Foundation
