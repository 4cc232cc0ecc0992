import Foundation
import RunnerBroker
import RunnerCore

/// Things that happen at a venue without the runner: a trade or an order placed by another client (a
/// person at the broker's desk, another program on the account). The runner hears nothing of them; a
/// reconciliation finds them. For tests, and for rehearsing what an operator does when one shows up.
extension PaperBroker {
    /// Books a trade made outside the runner: an order `id` of `quantity` shares filled at once at
    /// `price` (no fee), written to the book file like any other, and reported to no one.
    /// Throws ``BrokerError/duplicateClientOrderID(_:)`` when the venue already has an order `id`.
    @discardableResult
    public func tradeOutsideRunner(
        id: String, symbol: Symbol, side: OrderSide, quantity: Int64, price: Decimal, at time: Int64
    ) throws(BrokerError) -> Fill {
        let (order, fill) = Self.outsideTrade(
            id: id, symbol: symbol, side: side, quantity: quantity, price: price, at: time)
        try recordOutside([.accepted(order, at: time), .filled(fill)], id: id)
        return fill
    }

    /// Places an order outside the runner: accepted and working at the venue (later bars fill it), and
    /// acknowledged to no one.
    public func placeOrderOutsideRunner(_ order: ChildOrder, at time: Int64) throws(BrokerError) {
        try recordOutside([.accepted(order, at: time)], id: order.clientOrderID)
    }

    private func recordOutside(_ events: [PaperBookFile.Event], id: String) throws(BrokerError) {
        let result: Result<Void, BrokerError> = book.withLock { book in
            if book.faults.disconnected { return .failure(.disconnected) }
            guard book.orders[id] == nil, !book.mayHaveRetired(id) else { return .failure(.duplicateClientOrderID(id)) }
            guard persist(events, in: &book) else { return .failure(.disconnected) }
            for event in events { book.apply(event) }
            return .success(())
        }
        try result.get()
    }

    /// Appends a trade made outside the runner to the book file at `path`, for a venue another process
    /// holds open (a running `runner run`): the file, which a reconciliation reads, holds it at once; that
    /// process's venue sees it when it next opens the file. The lines carry the file's last cursor, so a
    /// restart still knows which bars the venue had processed.
    @discardableResult
    public static func recordOutsideTrade(
        inBookAt path: String, id: String, symbol: Symbol, side: OrderSide, quantity: Int64, price: Decimal,
        at time: Int64
    ) throws(PaperBookFileError) -> Fill {
        guard let lines = try PaperBookFile.read(path: path) else {
            throw .unreadable(path: path, line: 0, reason: "there is no paper book at this path")
        }
        let taken = lines.contains { line in
            switch line.event {
            case .accepted(let order, _), .rejected(let order, _, _): order.clientOrderID == id
            case .cancelled, .filled: false
            }
        }
        guard !taken else {
            throw .unwritable(path: path, reason: "the venue already has an order with client order id \(id)")
        }
        let (order, fill) = outsideTrade(id: id, symbol: symbol, side: side, quantity: quantity, price: price, at: time)
        let file = try PaperBookFile(path: path)
        defer { file.close() }
        try file.append([.accepted(order, at: time), .filled(fill)], cursor: lines.last?.cursor)
        return fill
    }

    private static func outsideTrade(
        id: String, symbol: Symbol, side: OrderSide, quantity: Int64, price: Decimal, at time: Int64
    ) -> (ChildOrder, Fill) {
        let order = ChildOrder(
            clientOrderID: id, parentID: id, strategy: "outside", symbol: symbol, side: side,
            quantity: quantity, venue: "outside", releaseAt: time, sliceIndex: 0)
        let fill = Fill(
            executionID: "\(id)-x1", clientOrderID: id, symbol: symbol, side: side, quantity: quantity,
            price: price, fee: 0, timestamp: time)
        return (order, fill)
    }
}
