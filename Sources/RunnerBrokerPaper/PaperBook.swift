import Foundation
import RunnerBroker
import RunnerCore

/// The paper broker's state: orders, positions, cash (in Decimal, so cents are never lost) and fills.
struct PaperBook: Sendable {
    var orders: [String: BrokerOrder] = [:]
    /// Open orders, oldest first: fills go to them in this order.
    var openIDs: [String] = []
    var positions: [Symbol: Int64] = [:]
    var cash: Decimal
    let currency: String
    var fills: [Fill] = []
    var faults = PaperBrokerFaults()
    /// The bar the broker last processed: its place in the market data.
    var cursor: PaperBookFile.Cursor?

    init(cash: Decimal, currency: String) {
        self.cash = cash
        self.currency = currency
    }

    mutating func match(_ bar: Bar, settings: PaperBrokerSettings) -> [Fill] {
        var budget = Int64((settings.maxParticipation * bar.volume).rounded(.down))
        var made: [Fill] = []
        for id in openIDs {
            guard budget > 0, var order = orders[id], order.order.symbol == bar.symbol,
                order.acceptedAt + settings.latency <= bar.timestamp
            else { continue }
            let quantity = min(order.remainingQuantity, budget)
            guard quantity > 0 else { continue }
            budget -= quantity
            let side = order.order.side
            let price = bar.open * (side == .buy ? 1 + settings.slippage : 1 - settings.slippage)
            // The price's shortest decimal form, as the ledger reads it, so both agree to the cent.
            let notional = Self.notional(quantity, price)
            let fee = Self.cents(notional * Decimal(settings.feeRate))
            let fill = Fill(executionID: "\(id)-x\(fills.count + 1)", clientOrderID: id, symbol: bar.symbol, side: side,
                            quantity: quantity, price: price, fee: NSDecimalNumber(decimal: fee).doubleValue,
                            timestamp: bar.timestamp)
            order.filledQuantity += quantity
            order.status = order.remainingQuantity == 0 ? .filled : .partiallyFilled
            orders[id] = order
            settle(fill, notional: notional, fee: fee)
            made.append(fill)
        }
        openIDs.removeAll { orders[$0]?.isOpen != true }
        return made
    }

    /// The position, cash and fill list after `fill`.
    private mutating func settle(_ fill: Fill, notional: Decimal, fee: Decimal) {
        positions[fill.symbol, default: 0] += fill.signedQuantity
        cash += fill.side == .buy ? -notional - fee : notional - fee
        fills.append(fill)
    }

    /// The cash a fill moves before fees: the price's shortest decimal form, as the ledger reads it, so
    /// both agree to the cent.
    static func notional(_ quantity: Int64, _ price: Double) -> Decimal {
        cents(Decimal(quantity) * (Decimal(string: "\(price)") ?? Decimal(price)))
    }

    /// Replays one event of the book file: the state it rebuilds is the state that wrote it.
    mutating func apply(_ event: PaperBookFile.Event) {
        switch event {
        case .accepted(let order, let at):
            orders[order.clientOrderID] = BrokerOrder(order: order, acceptedAt: at)
            openIDs.append(order.clientOrderID)
        case .rejected(let order, let at, _):
            orders[order.clientOrderID] = BrokerOrder(order: order, status: .rejected, acceptedAt: at)
        case .cancelled(let id):
            orders[id]?.status = .cancelled
            openIDs.removeAll { $0 == id }
        case .filled(let fill):
            guard var order = orders[fill.clientOrderID] else { return }
            order.filledQuantity += fill.quantity
            order.status = order.remainingQuantity == 0 ? .filled : .partiallyFilled
            orders[fill.clientOrderID] = order
            if !order.isOpen { openIDs.removeAll { $0 == fill.clientOrderID } }
            settle(fill, notional: Self.notional(fill.quantity, fill.price), fee: Decimal(string: "\(fill.fee)") ?? 0)
        }
    }

    /// Rounds to cents, half away from zero, as a statement would.
    static func cents(_ value: Decimal) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .plain)
        return output
    }
}
