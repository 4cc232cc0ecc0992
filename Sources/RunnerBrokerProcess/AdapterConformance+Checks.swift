import Foundation
import RunnerBroker
import RunnerCore

/// The checks, in order (docs/PROCESS_ADAPTER.md, "Conformance" lists what each requires).
extension AdapterConformance {
    static let checks: [Check] = [
        Check(name: "hello") { probe throws(ConformanceFailure) in
            "speaks protocol \(ProcessBrokerAdapter.protocolVersion) as '\(probe.adapter.adapterName ?? "")'"
        },
        Check(name: "submit_accepted_and_filled") { probe throws(ConformanceFailure) in
            let order = probe.order(.buy)
            let taken = try await probe.submit(order)
            guard taken.status.mayBeWorking || taken.status == .filled else {
                throw ConformanceFailure("the submit reply's status is \(taken.status.rawValue)")
            }
            let accepted = await probe.waitUntil {
                probe.recorder.all.contains(.accepted(clientOrderID: order.clientOrderID))
            }
            guard accepted else {
                throw ConformanceFailure(
                    "no accepted report for \(order.clientOrderID) within \(probe.timeout.shortText)")
            }
            let fills = try await probe.fills(of: order)
            guard fills.allSatisfy({ $0.symbol == order.symbol && $0.side == order.side && $0.price > 0 }) else {
                throw ConformanceFailure(
                    "a fill of \(order.clientOrderID) has another symbol or side, or a price not above 0")
            }
            let shares = fills.reduce(0) { $0 + $1.quantity }
            guard shares == order.quantity else {
                throw ConformanceFailure("fills for \(shares) shares were reported for an order of \(order.quantity)")
            }
            let prices = fills.map { $0.price.plainText() }.joined(separator: ", ")
            return "accepted, then filled \(shares) \(order.symbol) at \(prices) in \(fills.count) execution(s)"
        },
        Check(name: "duplicate_refused") { probe throws(ConformanceFailure) in
            let order = probe.order(.buy)
            _ = try await probe.submit(order)
            let second: Swift.Result<BrokerOrder, BrokerError>
            do throws(BrokerError) {
                second = .success(try await probe.adapter.submit(order))
            } catch {
                second = .failure(error)
            }
            switch second {
            case .failure(.duplicateClientOrderID):
                return "a second submit of the same client order id is refused with duplicate_client_order_id"
            case .success: throw ConformanceFailure("a second submit of \(order.clientOrderID) was taken")
            case .failure(let error):
                throw ConformanceFailure("a second submit failed with \(error), not duplicate_client_order_id")
            }
        },
        Check(name: "order_lookup") { probe throws(ConformanceFailure) in
            let order = probe.order(.buy)
            _ = try await probe.submit(order)
            let found = try await probe.expect("order") { () async throws(BrokerError) in
                try await probe.adapter.order(clientOrderID: order.clientOrderID)
            }
            guard let found, IdempotentSubmitter.same(found.order, order),
                found.order.clientOrderID == order.clientOrderID
            else {
                throw ConformanceFailure(
                    "order(\(order.clientOrderID)) answered \(found.map { "\($0.order)" } ?? "null"), not the order sent"
                )
            }
            let unknown = "conformance-never-sent-\(Probe.nowMilliseconds)"
            let missing = try await probe.expect("order") { () async throws(BrokerError) in
                try await probe.adapter.order(clientOrderID: unknown)
            }
            guard missing == nil else {
                throw ConformanceFailure("order(\(unknown)) found an order for an id never sent")
            }
            return "finds the submitted order (status \(found.status.rawValue)) and answers null for an id never sent"
        },
        Check(name: "cancel_unknown") { probe throws(ConformanceFailure) in
            let unknown = "conformance-never-sent-\(Probe.nowMilliseconds)"
            let cancel: Swift.Result<Void, BrokerError>
            do throws(BrokerError) {
                cancel = .success(try await probe.adapter.cancel(clientOrderID: unknown))
            } catch {
                cancel = .failure(error)
            }
            switch cancel {
            case .failure(.unknownOrder): return "cancel of an id never sent fails with unknown_order"
            case .success: throw ConformanceFailure("cancel(\(unknown)) succeeded for an id never sent")
            case .failure(let error):
                throw ConformanceFailure("cancel of an id never sent failed with \(error), not unknown_order")
            }
        },
        Check(name: "positions_and_account") { probe throws(ConformanceFailure) in
            try await positionsAndAccount(probe)
        },
        Check(name: "fills_since") { probe throws(ConformanceFailure) in
            let since = Probe.nowMilliseconds - 1_000
            let fills = try await probe.submitAndFill(probe.order(.buy))
            let listed = try await probe.expect("fills") { () async throws(BrokerError) in
                try await probe.adapter.fills(since: since)
            }
            let listedIDs = Set(listed.map(\.executionID))
            for fill in fills where !listedIDs.contains(fill.executionID) {
                throw ConformanceFailure("fills(since: \(since)) lacks the reported execution \(fill.executionID)")
            }
            if let early = listed.first(where: { $0.timestamp < since }) {
                throw ConformanceFailure(
                    "fills(since: \(since)) holds \(early.executionID) of \(early.timestamp), before it")
            }
            guard listed.map(\.timestamp) == listed.map(\.timestamp).sorted() else {
                throw ConformanceFailure("fills(since:) is not oldest first")
            }
            let later = Probe.nowMilliseconds + 86_400_000
            let none = try await probe.expect("fills") { () async throws(BrokerError) in
                try await probe.adapter.fills(since: later)
            }
            guard none.isEmpty else {
                throw ConformanceFailure("fills(since: a day from now) holds \(none.count) fills")
            }
            return
                "fills(since:) lists the \(fills.count) reported execution(s), oldest first; none since a time to come"
        },
        Check(name: "cancel_all") { probe throws(ConformanceFailure) in
            let open = try await probe.expect("open_orders") { () async throws(BrokerError) in
                try await probe.adapter.openOrders()
            }
            let cancelled = try await probe.expect("cancel_all") { () async throws(BrokerError) in
                try await probe.adapter.cancelAll()
            }
            guard cancelled == open.count else {
                throw ConformanceFailure(
                    "cancel_all counted \(cancelled) orders while open_orders listed \(open.count)")
            }
            var left: [BrokerOrder] = []
            let none = await probe.waitUntil {
                left = (try? await probe.adapter.openOrders()) ?? left
                return left.isEmpty
            }
            guard none else { throw ConformanceFailure("\(left.count) orders are still open after cancel_all") }
            return "cancel_all counted \(cancelled) open order(s) and none is left open"
        },
        Check(name: "close_all_positions") { probe throws(ConformanceFailure) in
            _ = try await probe.submitAndFill(probe.order(.buy))
            let held = try await probe.expect("positions") { () async throws(BrokerError) in
                try await probe.adapter.positions()
            }
            let sent = try await probe.expect("close_all_positions") { () async throws(BrokerError) in
                try await probe.adapter.closeAllPositions()
            }
            for (symbol, quantity) in held {
                let closing = sent.filter { $0.order.symbol == symbol }
                guard closing.count == 1, let order = closing.first?.order, order.quantity == quantity.magnitude,
                    order.side == (quantity > 0 ? .sell : .buy)
                else {
                    throw ConformanceFailure(
                        "close_all_positions did not send one \(quantity > 0 ? "sell" : "buy") of \(quantity.magnitude) \(symbol)"
                    )
                }
            }
            var left: [Symbol: Int64] = held
            let flat = await probe.waitUntil {
                left = (try? await probe.adapter.positions()) ?? left
                return left.isEmpty
            }
            guard flat else {
                throw ConformanceFailure(
                    "positions left after close_all_positions: \(left.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"
                )
            }
            return "sent \(sent.count) closing order(s), one per position, and no position is left"
        },
        Check(name: "malformed_request") { probe throws(ConformanceFailure) in
            for (op, fields) in [
                ("no_such_operation", [String: JSONValue]()), ("submit", ["order": .object(["symbol": .integer(42)])]),
            ] {
                switch await probe.adapter.request(op, fields) {
                case .failure(.refused): continue
                case .success(let value):
                    throw ConformanceFailure("the malformed \(op) request was answered ok: \(value.line.prefix(120))")
                case .failure(let failure):
                    throw ConformanceFailure(
                        "the malformed \(op) request got no error reply: \(ProcessBrokerAdapter.describe(failure, op: op))"
                    )
                }
            }
            _ = try await probe.expect("positions after the malformed requests") { () async throws(BrokerError) in
                try await probe.adapter.positions()
            }
            return "an unknown op and a submit without its fields are answered with errors; the adapter goes on"
        },
        Check(name: "shutdown") { probe throws(ConformanceFailure) in
            guard let closed = await probe.adapter.close() else {
                throw ConformanceFailure("the adapter was not running")
            }
            if let failure = closed.shutdownFailure {
                throw ConformanceFailure("shutdown was not answered: \(failure)")
            }
            guard closed.termination == .onItsOwn else {
                throw ConformanceFailure(
                    "the adapter did not exit within \(probe.timeout.shortText) of shutdown; it needed \(closed.termination == .afterTerminate ? "SIGTERM" : "SIGKILL")"
                )
            }
            guard closed.exitStatus == 0 else {
                throw ConformanceFailure(
                    "the adapter exited with \(closed.exitStatus.map { "status \($0)" } ?? "a signal") after shutdown, not status 0"
                )
            }
            return "shutdown is answered and the adapter exits with status 0"
        },
    ]

    /// A buy and a smaller sell: the position moves by their difference and cash by exactly the fills.
    private static func positionsAndAccount(_ probe: Probe) async throws(ConformanceFailure) -> String {
        let adapter = probe.adapter
        let before = try await probe.expect("account") { () async throws(BrokerError) in try await adapter.account() }
        let sellShares = max(1, probe.quantity / 2)
        let fills =
            try await probe.submitAndFill(probe.order(.buy))
            + probe.submitAndFill(probe.order(.sell, sellShares))
        let positions = try await probe.expect("positions") { () async throws(BrokerError) in
            try await adapter.positions()
        }
        let after = try await probe.expect("account") { () async throws(BrokerError) in try await adapter.account() }
        let moved = positions[probe.symbol, default: 0] - before.positions[probe.symbol, default: 0]
        guard moved == probe.quantity - sellShares else {
            throw ConformanceFailure(
                "the \(probe.symbol) position moved by \(moved) after buying \(probe.quantity) and selling \(sellShares)"
            )
        }
        guard after.positions == positions else {
            throw ConformanceFailure("account.positions \(after.positions) differs from positions \(positions)")
        }
        guard after.cash.currency == before.cash.currency else {
            throw ConformanceFailure(
                "the account currency changed from \(before.cash.currency) to \(after.cash.currency)")
        }
        let expected = fills.reduce(before.cash.amount) { cash, fill in
            cash - Decimal(fill.signedQuantity) * fill.price - fill.fee
        }
        guard after.cash.amount == expected else {
            throw ConformanceFailure(
                "cash is \(after.cash.amount.plainText()) \(after.cash.currency); the fills make it \(expected.plainText()) (from \(before.cash.amount.plainText()))"
            )
        }
        return
            "position moved by \(moved), account agrees, cash \(before.cash.amount.plainText()) -> \(after.cash.amount.plainText()) \(after.cash.currency) as the fills say"
    }
}
