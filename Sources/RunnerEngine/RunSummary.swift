import Foundation
import RunnerCore

/// What a run did, for the terminal and for tests.
public struct RunSummary: Sendable, CustomStringConvertible {
    /// Bars read from the market data (bad rows skipped are counted apart).
    public var bars = 0
    /// Targets the strategies emitted, one per strategy and symbol at each decision tick.
    public var targets = 0
    /// Targets equal to the strategy's previous one, which the gate had approved: nothing to decide.
    public var unchanged = 0
    /// Targets the strategy's rebalance threshold held (not decided, no order): within its band, below its
    /// minimum order, and those of them equal to the hold before them (not journaled again).
    public var heldWithinBand = 0
    public var heldBelowMinimum = 0
    public var repeatedHolds = 0
    /// Decisions written to the journal (a target whose size or answer changed): approved ones.
    public var approved = 0
    /// Decisions written to the journal: denied ones, and by code.
    public var denied = 0
    public var denialsByCode: [String: Int] = [:]
    /// Targets decided again with the same denial as the journaled one before them: not journaled again.
    public var repeatedDenials = 0
    /// Rows of `parent_orders`.
    public var parentOrders = 0
    /// Child orders the router planned (rows of `child_orders`), and those of them sent to the broker.
    public var childOrdersPlanned = 0
    public var childOrdersSent = 0
    /// Executions booked (rows of `executions`).
    public var fills = 0
    public var skippedRows = 0
    public var startingEquity = Money(0, "USD")
    public var equity = Money(0, "USD")
    public var realizedPnL = Money(0, "USD")
    public var fees = Money(0, "USD")
    public var positions: [Symbol: Int64] = [:]
    public var seconds = 0.0
    /// Stopped by SIGINT/SIGTERM before the end of the data.
    public var interrupted = false
    /// How a restart after a crash picked up the run; nil for a run that started afresh.
    public var resumed: String?

    public init() {}

    public var description: String {
        var lines = resumed.map { [$0] } ?? []
        lines += [
            (interrupted ? "interrupted after " : "") + "bars: \(bars)" + (skippedRows > 0 ? " (\(skippedRows) bad rows skipped)" : "")
                + String(format: " in %.2f s (%.0f bars/s)", seconds, seconds > 0 ? Double(bars) / seconds : 0),
            "targets: \(targets) emitted, \(unchanged) unchanged and not decided again",
        ]
        // Only a run whose strategies have a rebalance band or a minimum order holds anything.
        if heldWithinBand + heldBelowMinimum > 0 {
            lines.append("held: \(heldWithinBand) within the rebalance band, \(heldBelowMinimum) below the minimum "
                             + "order; \(repeatedHolds) repeated holds not journaled again")
        }
        lines += [
            "decisions journaled: \(approved) approved, \(denied) denied"
                + (denialsByCode.isEmpty ? "" : " (" + denialsByCode.sorted { $0.key < $1.key }
                    .map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")
                + "; \(repeatedDenials) repeated denials not journaled again",
            "orders: \(parentOrders) parent, \(childOrdersPlanned) child planned, \(childOrdersSent) sent; fills: \(fills)",
            "equity: \(startingEquity) -> \(equity); realized PnL \(realizedPnL); fees \(fees)",
        ]
        let held = positions.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        lines.append("positions: " + (held.isEmpty ? "none" : held.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        return lines.joined(separator: "\n") + "\n"
    }
}
