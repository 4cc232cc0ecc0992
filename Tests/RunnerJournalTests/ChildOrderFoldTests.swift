import Foundation
import RunnerCore
import RunnerJournal
import Testing

/// The writer folds a child order's statuses within one batch into one upsert: the rows it leaves must be
/// the rows one upsert per status would leave, for any statuses and any cut into batches.
@Suite struct ChildOrderFoldTests {
    /// The row one upsert per status leaves: insert on first sight, then a status replaces the row's
    /// unless the row is terminal and the status is not.
    struct ModelRow: Equatable {
        var status: OrderStatus
        var firstAt: Int64
        var updatedAt: Int64
    }

    /// Deterministic, so a failure repeats (a linear congruential generator is plenty for picking statuses).
    struct Picker {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func foldedUpsertsLeaveTheRowsOfOneUpsertPerStatus(seed: UInt64) async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        var picker = Picker(state: seed)
        let statuses: [OrderStatus] = [.scheduled, .new, .accepted, .partiallyFilled, .filled, .cancelled, .rejected, .unknown]
        let orders = (0..<5).map { Sample.child("paper-ma_cross-AAPL-60000-\($0)") }
        var model: [String: ModelRow] = [:]
        var insertionOrder: [String] = []
        var events: [(String, OrderStatus, Int64)] = []
        try await withWriter(journal) { journal in
            var at: Int64 = 60_000
            for _ in 0..<12 {
                // A batch of a few entries, orders interleaved, committed by the flush.
                for _ in 0..<(1 + picker.next(8)) {
                    let order = orders[picker.next(orders.count)]
                    let status = statuses[picker.next(statuses.count)]
                    at += 1
                    journal.record(.childOrder(order, status: status, at: at))
                    events.append((order.clientOrderID, status, at))
                    let id = order.clientOrderID
                    if let row = model[id] {
                        if !row.status.isTerminal || status.isTerminal {
                            model[id] = ModelRow(status: status, firstAt: row.firstAt, updatedAt: at)
                        }
                    } else {
                        model[id] = ModelRow(status: status, firstAt: at, updatedAt: at)
                        insertionOrder.append(id)
                    }
                }
                try await journal.flush()
            }
            let rows = try journal.childOrders()
            #expect(rows.map(\.order.clientOrderID) == insertionOrder)
            for row in rows {
                #expect(ModelRow(status: row.status, firstAt: row.firstAt, updatedAt: row.updatedAt)
                        == model[row.order.clientOrderID])
            }
            for order in orders {
                let history = try journal.childOrderHistory(clientOrderID: order.clientOrderID)
                let expected = events.filter { $0.0 == order.clientOrderID }
                #expect(history.map(\.status) == expected.map(\.1))
                #expect(history.map(\.at) == expected.map(\.2))
            }
            #expect(try journal.counts().childOrderStatusChanges == events.count)
        }
    }
}
