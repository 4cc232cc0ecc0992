import Foundation
import RunnerCore

/// What a run did, for the terminal and for tests.
public struct RunSummary: Sendable, CustomStringConvertible {
    public var bars = 0
    public var targets = 0
    public var approved = 0
    public var denied = 0
    public var denialsByCode: [String: Int] = [:]
    /// Decisions written to the journal: a target whose size or answer changed (the same denial tick after
    /// tick is counted above, journaled once).
    public var journaledDecisions = 0
    public var parentOrders = 0
    public var childOrders = 0
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
            "targets: \(targets); risk gate: \(approved) approved, \(denied) denied"
                + (denialsByCode.isEmpty ? "" : " (" + denialsByCode.sorted { $0.key < $1.key }
                    .map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"),
            "orders: \(parentOrders) parent, \(childOrders) child; fills: \(fills)",
            "equity: \(startingEquity) -> \(equity); realized PnL \(realizedPnL); fees \(fees)",
        ]
        let held = positions.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        lines.append("positions: " + (held.isEmpty ? "none" : held.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        return lines.joined(separator: "\n") + "\n"
    }
}
