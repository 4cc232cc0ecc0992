import Foundation
import RunnerBroker
import RunnerCore

/// The paper broker's state: orders, positions, cash (in Decimal, so cents are never lost) and fills.
///
/// A venue with a book file keeps in memory only what trading needs (open orders, positions, cash, and
/// a hash of every closed order's id to refuse its reuse); the file holds the rest, so memory stays flat
/// however long the run. A venue in memory only keeps everything (`retainsHistory`).
struct PaperBook: Sendable {
    /// Every order (`retainsHistory`), else the open ones.
    var orders: [String: BrokerOrder] = [:]
    /// Open orders, oldest first: fills go to them in this order.
    var openIDs: [String] = []
    var positions: [Symbol: Int64] = [:]
    var cash: Decimal
    let currency: String
    /// Every fill, when `retainsHistory`.
    var fills: [Fill] = []
    /// Fills so far, which number the next execution id.
    var fillCount = 0
    /// Hashes of the ids of orders dropped from memory once closed (a hash hit is confirmed in the file).
    var closedIDHashes: Set<Int> = []
    let retainsHistory: Bool
    var faults = PaperBrokerFaults()
    /// The bar the broker last processed: its place in the market data.
    var cursor: PaperBookFile.Cursor?
    /// The latest price of each symbol the venue knows: the close of its latest bar, or, for a venue
    /// reopened from its book file (which holds no bars), its latest fill's price. What a market order
    /// that closes a position fills at.
    var lastPrices: [Symbol: Decimal] = [:]

    init(cash: Decimal, currency: String, retainsHistory: Bool = true) {
        self.cash = cash
        self.currency = currency
        self.retainsHistory = retainsHistory
    }

    /// An order that can no longer trade leaves memory when the file holds the history.
    mutating func retire(_ id: String) {
        guard !retainsHistory else { return }
        orders[id] = nil
        closedIDHashes.insert(id.hashValue)
    }

    /// Whether the id was retired (or collides with one that was: the caller confirms in the file).
    func mayHaveRetired(_ id: String) -> Bool {
        !retainsHistory && closedIDHashes.contains(id.hashValue)
    }

    mutating func match(_ bar: Bar, settings: PaperBrokerSettings) -> [Fill] {
        defer { if let close = Decimal(shortestRepresentationOf: bar.close), close > 0 { lastPrices[bar.symbol] = close } }
        var budget = Self.participationBudget(settings.maxParticipation, of: bar.volume)
        var made: [Fill] = []
        for id in openIDs {
            guard budget > 0, var order = orders[id], order.order.symbol == bar.symbol,
                order.acceptedAt + settings.latency <= bar.timestamp
            else { continue }
            let quantity = min(order.remainingQuantity, budget)
            let side = order.order.side
            // Exact decimals from the open to the fee (see PaperPricing); a bar without a usable price fills nothing.
            guard quantity > 0, let price = PaperPricing.fillPrice(open: bar.open, side: side, slippage: settings.slippage)
            else { continue }
            let notional = PaperPricing.notional(quantity, price)
            guard let fee = PaperPricing.fee(notional: notional, rate: settings.feeRate) else { continue }
            budget -= quantity
            let fill = Fill(executionID: "\(id)-x\(fillCount + 1)", clientOrderID: id, symbol: bar.symbol, side: side,
                            quantity: quantity, price: price, fee: fee, timestamp: bar.timestamp)
            order.filledQuantity += quantity
            order.status = order.remainingQuantity == 0 ? .filled : .partiallyFilled
            orders[id] = order
            settle(fill, notional: notional, fee: fee)
            made.append(fill)
        }
        if !made.isEmpty {
            openIDs.removeAll { orders[$0]?.isOpen != true }
            for fill in made where orders[fill.clientOrderID]?.isOpen == false { retire(fill.clientOrderID) }
        }
        return made
    }

    /// The shares a bar lets orders fill: `share` of its `volume`, rounded down. Checked, as both come from
    /// outside: NaN, negative or zero is 0; a budget past `Int64.max / 2` is held there, which changes
    /// nothing (no order's remaining quantity comes near it, and a fill takes the smaller of the two).
    static func participationBudget(_ share: Double, of volume: Double) -> Int64 {
        let shares = (share * volume).rounded(.down)
        guard shares > 0 else { return 0 }
        return Int64(exactly: min(shares, Double(Int64.max / 2).nextDown)) ?? 0
    }

    /// The position, cash and fill list after `fill`.
    mutating func settle(_ fill: Fill, notional: Decimal, fee: Decimal) {
        positions[fill.symbol, default: 0] += fill.signedQuantity
        lastPrices[fill.symbol] = fill.price
        cash += fill.side == .buy ? -notional - fee : notional - fee
        fillCount += 1
        if retainsHistory { fills.append(fill) }
    }

    /// Replays one event of the book file: the state it rebuilds is the state that wrote it.
    mutating func apply(_ event: PaperBookFile.Event) {
        switch event {
        case .accepted(let order, let at):
            orders[order.clientOrderID] = BrokerOrder(order: order, acceptedAt: at)
            openIDs.append(order.clientOrderID)
        case .rejected(let order, let at, _):
            orders[order.clientOrderID] = BrokerOrder(order: order, status: .rejected, acceptedAt: at)
            retire(order.clientOrderID)
        case .cancelled(let id):
            orders[id]?.status = .cancelled
            openIDs.removeAll { $0 == id }
            retire(id)
        case .filled(let fill):
            guard var order = orders[fill.clientOrderID] else { return }
            order.filledQuantity += fill.quantity
            order.status = order.remainingQuantity == 0 ? .filled : .partiallyFilled
            orders[fill.clientOrderID] = order
            settle(fill, notional: PaperPricing.notional(fill.quantity, fill.price), fee: fill.fee)
            if !order.isOpen {
                openIDs.removeAll { $0 == fill.clientOrderID }
                retire(fill.clientOrderID)
            }
        }
    }
}
