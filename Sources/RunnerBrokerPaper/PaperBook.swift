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
            let notional = Self.cents(Decimal(quantity) * (Decimal(string: "\(price)") ?? Decimal(price)))
            let fee = Self.cents(notional * Decimal(settings.feeRate))
            order.filledQuantity += quantity
            order.status = order.remainingQuantity == 0 ? .filled : .partiallyFilled
            orders[id] = order
            positions[bar.symbol, default: 0] += side == .buy ? quantity : -quantity
            cash += side == .buy ? -notional - fee : notional - fee
            let fill = Fill(executionID: "\(id)-x\(fills.count + 1)", clientOrderID: id, symbol: bar.symbol, side: side,
                            quantity: quantity, price: price, fee: NSDecimalNumber(decimal: fee).doubleValue,
                            timestamp: bar.timestamp)
            fills.append(fill)
            made.append(fill)
        }
        openIDs.removeAll { orders[$0]?.isOpen != true }
        return made
    }

    /// Rounds to cents, half away from zero, as a statement would.
    static func cents(_ value: Decimal) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .plain)
        return output
    }
}
