import Foundation
import RunnerBroker
import RunnerCore

extension ReconciliationReport {
    /// The mismatch in percent, to four decimals (`0.0937%`).
    public var mismatchPercentText: String { Self.percent(mismatch) }

    /// The per-symbol table, the executions and orders only one side has, the mismatch and the verdict,
    /// as `runner reconcile --once` prints them. `expectedSide` names where the expected book came from
    /// (`journal`); `currency`, when given, follows the equity.
    public func text(expectedSide: String, currency: String? = nil) -> String {
        var lines: [String] = []
        let header = ["symbol", expectedSide, "broker", "difference", "price", "notional"]
        let cells = rows.map { row in
            [
                row.symbol.rawValue, String(row.expected), String(row.broker),
                row.difference > 0 ? "+\(row.difference)" : String(row.difference),
                row.price.map { $0.plainText(minimumFractionDigits: 2) } ?? "-",
                row.notionalDifference.rounded(toPlaces: 2).plainText(minimumFractionDigits: 2),
            ]
        }
        if cells.isEmpty {
            lines.append("positions: none on either side")
        } else {
            let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
            for row in [header] + cells {
                let padded = row.indices.map { column in
                    let cell = row[column]
                    let pad = String(repeating: " ", count: widths[column] - cell.count)
                    return column == 0 ? cell + pad : pad + cell
                }
                lines.append(padded.joined(separator: "  "))
            }
        }
        func list<Item>(_ title: String, _ items: [Item], _ describe: (Item) -> String) {
            lines.append(items.isEmpty ? "\(title): none" : "\(title) (\(items.count)):")
            lines += items.map { "  " + describe($0) }
        }
        list("fills only at the broker", fillsOnlyAtBroker, Self.describe)
        list("fills only in the \(expectedSide)", fillsOnlyExpected, Self.describe)
        list("fills counted twice in the \(expectedSide)", fillsCountedTwice) { $0 }
        list("fills that disagree", fillsThatDisagree) {
            "\(expectedSide) \(Self.describe($0.expected)); broker \(Self.describe($0.broker))"
        }
        list("open orders only at the broker", ordersOnlyAtBroker, Self.describe)
        list("open orders only in the \(expectedSide)", ordersOnlyExpected, Self.describe)
        lines.append(
            "mismatch: \(mismatchPercentText) of equity \(Self.amount(equity))\(currency.map { " \($0)" } ?? "") = (positions \(Self.amount(positionNotional))"
                + " + unknown open orders \(Self.amount(unknownOrderNotional))) / equity")
        lines.append("verdict: \(verdict.rawValue) (\(thresholdText))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `alert above 0.05%, flatten above 0.5%`.
    public var thresholdText: String {
        "alert above \(Self.percent(thresholds.alertAbove)), flatten above \(Self.percent(thresholds.flattenAbove))"
    }

    /// One sentence on what differs, for an alert: the mismatch, the symbols that differ, and the counts
    /// of executions and orders only one side has.
    public var summary: String {
        var parts = ["reconciliation mismatch \(mismatchPercentText) of equity (\(thresholdText))"]
        let differing = rows.filter { $0.difference != 0 }
            .map { "\($0.symbol) broker \($0.broker) expected \($0.expected)" }
        if !differing.isEmpty { parts.append(differing.joined(separator: ", ")) }
        var counts: [String] = []
        func count(_ n: Int, _ what: String) { if n > 0 { counts.append("\(n) \(what)") } }
        count(fillsOnlyAtBroker.count, "fills only at the broker")
        count(fillsOnlyExpected.count, "fills only in the runner's book")
        count(fillsCountedTwice.count, "fills counted twice")
        count(fillsThatDisagree.count, "fills that disagree")
        count(ordersOnlyAtBroker.count, "open orders unknown to the runner")
        count(ordersOnlyExpected.count, "orders the broker does not have open")
        if !counts.isEmpty { parts.append(counts.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }

    static func describe(_ fill: Fill) -> String {
        "\(fill.executionID) \(fill.symbol) \(fill.side.rawValue) \(fill.quantity) @ "
            + "\(fill.price.plainText(minimumFractionDigits: 2)) (order \(fill.clientOrderID))"
    }

    static func describe(_ order: ReconciliationOrder) -> String {
        "\(order.clientOrderID) \(order.symbol) \(order.side.rawValue) \(order.remainingQuantity) left"
    }

    static func amount(_ value: Decimal) -> String { value.rounded(toPlaces: 2).plainText(minimumFractionDigits: 2) }

    /// A fraction in percent with at most four decimals: 0.0005 is `0.05%`.
    static func percent(_ fraction: Decimal) -> String {
        (fraction * 100).rounded(toPlaces: 4).plainText() + "%"
    }
}
