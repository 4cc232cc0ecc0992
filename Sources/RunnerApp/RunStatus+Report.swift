import Foundation
import RunnerControl
import RunnerCore
import RunnerHealth
import RunnerRisk

extension RunStatus {
    /// What `runner status` prints: trading state, money, the last event, positions and working orders.
    ///
    /// ```
    /// environment:      paper
    /// trading:          halted (command) since 2026-01-05T14:30:00Z
    /// equity:           100012.34 USD
    /// day PnL:          -123.45 USD
    /// last event:       2026-01-05T15:59:00Z
    /// scheduled slices: 3
    /// positions (2):
    ///   AAPL  100  avg cost 187.25
    ///   ...
    /// ```
    public var report: String { report(now: Int64(Date().timeIntervalSince1970 * 1000)) }

    /// The report with heartbeat ages as of `now` (the wall clock, ms since the epoch).
    public func report(now: Int64) -> String {
        var lines = [
            "environment:      \(environment)",
            "trading:          \(tradingState.mode.rawValue) (\(tradingState.reason.rawValue)) since "
                + Self.timestamp(tradingState.since),
            "equity:           \(Money(equity, currency))",
            "day PnL:          \(Money(dayPnL, currency))",
            "last event:       \(lastEventTime.map(Self.timestamp) ?? "none yet")",
            "scheduled slices: \(scheduledSlices)",
        ]
        lines.append("positions (\(positions.count))" + (positions.isEmpty ? ": none" : ":"))
        lines += Self.table(
            positions.map { [$0.symbol.rawValue, "\($0.quantity)", "avg cost \($0.averageCost)"] },
            rightAligned: [1])
        lines.append("working orders (\(workingOrders.count))" + (workingOrders.isEmpty ? ": none" : ":"))
        lines += Self.table(
            workingOrders.map {
                [
                    $0.clientOrderID, $0.side.rawValue, $0.symbol.rawValue, "\($0.quantity)",
                    "remaining \($0.remaining)", $0.status.rawValue,
                ]
            },
            rightAligned: [3])
        lines += heartbeatLines(now: now)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A status holding only heartbeats (read from a journal, when no engine answers).
    static func heartbeatsOnly(_ heartbeats: [Heartbeat], interval: Int64) -> RunStatus {
        var status = RunStatus(
            environment: "", tradingState: TradingState(mode: .active, reason: .started, since: 0, tradingDay: 0),
            positions: [], workingOrders: [], equity: 0, dayPnL: 0, currency: "", lastEventTime: nil, scheduledSlices: 0)
        status.heartbeats = heartbeats
        status.heartbeatInterval = interval
        return status
    }

    /// `heartbeats (every 5s):` and one row per component: its age, sequence, lag, and `STALE` when it is
    /// two intervals and a second overdue (see ``HeartbeatAge``).
    func heartbeatLines(now: Int64) -> [String] {
        guard let interval = heartbeatInterval else { return [] }
        var lines = ["heartbeats (every \(Self.seconds(interval))s)" + (heartbeats.isEmpty ? ": none yet" : ":")]
        lines += Self.table(
            heartbeats.map { beat in
                let stale = HeartbeatAge.isStale(beat, now: now, interval: interval)
                return [
                    beat.component.rawValue, "\(Self.seconds(max(0, now - beat.wall)))s ago", "#\(beat.sequence)",
                    "lag " + (beat.lag.map { "\(Self.seconds($0))s" } ?? "-"),
                    beat.state == .stopped ? "stopped" : (stale ? "STALE" : "ok"),
                ]
            },
            rightAligned: [1, 2])
        return lines
    }

    /// Milliseconds as seconds with one decimal (`5`, `12.3`).
    static func seconds(_ milliseconds: Int64) -> String {
        let tenths = milliseconds / 100
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// `2026-01-05T14:30:00Z` for milliseconds since the epoch (the milliseconds themselves dropped).
    static func timestamp(_ milliseconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1_000))
    }

    /// Rows indented by two spaces, columns padded to their widest cell (numbers to the right).
    static func table(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        guard let columns = rows.first?.count else { return [] }
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            "  "
                + row.enumerated().map { column, cell in
                    let padding = String(repeating: " ", count: widths[column] - cell.count)
                    if rightAligned.contains(column) { return padding + cell }
                    return column == columns - 1 ? cell : cell + padding
                }.joined(separator: "  ")
        }
    }
}
