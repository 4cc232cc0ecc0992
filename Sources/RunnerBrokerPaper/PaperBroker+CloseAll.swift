import Foundation
import RunnerBroker
import RunnerCore

extension PaperBroker {
    /// Closes every position with a market order filled at once, in full, at the symbol's latest price the
    /// venue knows (``PaperBook/lastPrices``) slipped against the order, with the usual fee: the kill switch
    /// cannot wait for the next bar. The orders' client order ids start with `kill-`.
    public func closeAllPositions() async throws(BrokerError) -> [BrokerOrder] {
        try closeAllPositionsNow()
    }

    /// The synchronous form; throws ``BrokerError/rejected(clientOrderID:reason:)`` naming a symbol the venue
    /// has no price for (it closes the others first).
    @discardableResult
    public func closeAllPositionsNow() throws(BrokerError) -> [BrokerOrder] {
        let now = time.nowMilliseconds
        let result: Result<([BrokerOrder], [Fill], [String]), BrokerError> = book.withLock { book in
            if book.faults.disconnected { return .failure(.disconnected) }
            var closed: [BrokerOrder] = []
            var fills: [Fill] = []
            var unpriced: [String] = []
            for (symbol, quantity) in book.positions.sorted(by: { $0.key < $1.key }) where quantity != 0 {
                let side: OrderSide = quantity > 0 ? .sell : .buy
                let id = "kill-\(symbol)-\(now)-\(book.fillCount + 1)"
                let order = ChildOrder(clientOrderID: id, parentID: "kill-\(now)", strategy: "kill_switch", symbol: symbol,
                                       side: side, quantity: abs(quantity), venue: "paper", releaseAt: now, sliceIndex: 0)
                guard let last = book.lastPrices[symbol],
                    let price = PaperPricing.fillPrice(reference: last, side: side, slippage: settings.slippage),
                    let fee = PaperPricing.fee(notional: PaperPricing.notional(abs(quantity), price), rate: settings.feeRate)
                else {
                    unpriced.append("\(symbol)")
                    continue
                }
                let fill = Fill(executionID: "\(id)-x\(book.fillCount + 1)", clientOrderID: id, symbol: symbol, side: side,
                                quantity: abs(quantity), price: price, fee: fee, timestamp: now)
                guard persist([.accepted(order, at: now), .filled(fill)], in: &book) else { return .failure(.disconnected) }
                book.settle(fill, notional: PaperPricing.notional(fill.quantity, price), fee: fee)
                var done = BrokerOrder(order: order, filledQuantity: fill.quantity, status: .filled, acceptedAt: now)
                done.status = .filled
                book.orders[id] = done
                book.retire(id)
                closed.append(done)
                fills.append(fill)
            }
            return .success((closed, fills, unpriced))
        }
        let (closed, fills, unpriced) = try result.get()
        for order in closed { report(.accepted(clientOrderID: order.order.clientOrderID)) }
        for fill in fills { report(.filled(fill)) }
        guard unpriced.isEmpty else {
            throw .rejected(clientOrderID: "kill-\(now)",
                            reason: "no price is known for \(unpriced.joined(separator: ", ")), so the venue cannot close it")
        }
        return closed
    }
}
