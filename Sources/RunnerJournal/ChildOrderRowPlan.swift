import RunnerCore

/// The `child_orders` upserts of one batch, folded into one per order: a child order is journaled
/// several times in quick succession (scheduled, sent, acknowledged, filled, usually all in one batch),
/// and each upsert rewrites the row and its `child_orders_open` index entry. The batch is one
/// transaction, so only the row it leaves behind is ever seen: one upsert per order gives the same row.
///
/// The upsert keeps a terminal status against a later non-terminal one (see ``JournalBatchWriter``).
/// Folding the batch's statuses by that same rule and upserting the result once under it leaves the
/// row as the statuses one by one would, whether the row is new or older than the batch:
/// - new: inserted with the first entry's order columns and time (`first_at`), the folded status, and
///   the time of the entry that status came from (`updated_at`);
/// - older and not terminal: every status applies in turn, so the fold's result is what remains;
/// - older and terminal: only terminal statuses apply; the fold ends at the last terminal status of the
///   batch when there is one (applied), else at a non-terminal one (refused, as each would be).
///
/// The upsert runs where the order's first entry stands, so rows are inserted in the same order (and get
/// the same rowids) as before; `child_order_events` still gets one row per entry, in order.
struct ChildOrderRowPlan {
    /// The row an order's first entry in the batch writes.
    struct Row {
        var status: OrderStatus
        /// The time of the entry `status` came from.
        var updatedAt: Int64
    }

    /// The upsert to run at each entry index that is an order's first in the batch; entries at other
    /// indexes write their event row only.
    private(set) var rows: [Int: Row] = [:]

    init(_ entries: [JournalEntry]) {
        var first: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            guard case .childOrder(let order, let status, let at) = entry else { continue }
            guard let start = first[order.clientOrderID] else {
                first[order.clientOrderID] = index
                rows[index] = Row(status: status, updatedAt: at)
                continue
            }
            if let row = rows[start], !row.status.isTerminal || status.isTerminal {
                rows[start] = Row(status: status, updatedAt: at)
            }
        }
    }

    /// The upsert for the entry at `index`; nil when an earlier entry of the batch wrote its order's row.
    func row(at index: Int) -> Row? { rows[index] }
}
