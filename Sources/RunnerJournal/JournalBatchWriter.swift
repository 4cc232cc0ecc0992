import Foundation
import GRDB
import RunnerBroker
import RunnerCore
import RunnerRisk
import RunnerRouting

/// Writes one batch of entries inside the writer's transaction, with cached prepared statements.
///
/// Latest wins for child orders, positions and the progress mark, in the order entries were recorded,
/// with two exceptions that keep a replayed or late report from undoing what is known: a child order
/// whose status is terminal (filled, cancelled, rejected) keeps it when a non-terminal status arrives
/// later (every status still goes to `child_order_events`), and the progress mark never moves back.
struct JournalBatchWriter {
    let db: Database
    private let encoder = JSONEncoder()

    init(_ db: Database) { self.db = db }

    /// Writes `entries` in order; returns how many executions were already journaled (and ignored).
    func write(_ entries: [JournalEntry]) throws -> Int {
        var duplicates = 0
        for entry in entries {
            switch entry {
            case .signal(let target):
                try run(
                    Self.insertSignal,
                    [
                        target.strategy, target.symbol.rawValue, target.side.rawValue, target.size,
                        target.confidence, target.decisionTime, target.referencePrice,
                        target.stopDistance,
                    ])
            case .decision(let decision, let at):
                try write(decision, at: at)
            case .parentOrder(let parent, let at):
                let children = String(decoding: try encoder.encode(parent.children.map(\.clientOrderID)), as: UTF8.self)
                try run(
                    Self.upsertParentOrder,
                    [
                        parent.id, at, parent.strategy, parent.symbol.rawValue, parent.quantity,
                        parent.algorithm.rawValue, children,
                    ])
            case .childOrder(let order, let status, let at):
                let terminal = JournalEntry.terminalOrderStatuses.contains(status)
                try run(
                    Self.upsertChildOrder,
                    [
                        order.clientOrderID, order.parentID, order.strategy,
                        order.symbol.rawValue, order.side.rawValue, order.quantity, order.venue,
                        order.releaseAt, order.sliceIndex, status, terminal, at, at,
                    ])
                try run(Self.insertChildOrderEvent, [order.clientOrderID, status, at])
            case .execution(let fill):
                try run(
                    Self.insertExecution,
                    [
                        fill.executionID, fill.clientOrderID, fill.symbol.rawValue,
                        fill.side.rawValue, fill.quantity, fill.price,
                        DecimalText.string(fill.fee), fill.timestamp,
                    ])
                if db.changesCount == 0 { duplicates += 1 }
            case .position(let symbol, let quantity, let averageCost, let at):
                try run(Self.upsertPosition, [symbol.rawValue, quantity, averageCost, at])
            case .heartbeat(let stage, let at):
                try run(Self.insertHeartbeat, [stage, at])
            case .alert(let level, let message, let at):
                try run(Self.insertAlert, [level, message, at])
            case .tradingState(let state):
                try run(
                    Self.insertTradingState,
                    [
                        state.mode.rawValue, state.reason.rawValue, state.since,
                        state.tradingDay,
                    ])
            case .progress(let lastBarTimestamp):
                try run(Self.upsertProgress, [lastBarTimestamp])
            }
        }
        return duplicates
    }

    private func write(_ decision: RiskDecision, at: Int64) throws {
        let target: TargetPosition
        let code: String?
        let figures: [[String]]
        switch decision {
        case .approved(let approved):
            (target, code, figures) = (approved.target, nil, [])
        case .denied(let denial):
            (target, code, figures) = (denial.target, denial.code.rawValue, denial.figures.map { [$0.name, $0.value] })
        }
        let figuresText = String(decoding: try encoder.encode(figures), as: UTF8.self)
        try run(
            Self.insertDecision,
            [
                at, decision.isApproved, code, figuresText, target.strategy, target.symbol.rawValue,
                target.side.rawValue, target.size, target.confidence, target.decisionTime,
                target.referencePrice, target.stopDistance, decision.logLine(at: at),
            ])
    }

    private func run(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    // MARK: Statements

    private static let insertSignal = """
        INSERT INTO signals (strategy, symbol, side, size, confidence, decision_time, reference_price, stop_distance)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    private static let insertDecision = """
        INSERT INTO decisions (at, approved, code, figures, strategy, symbol, side, size, confidence, decision_time,
                               reference_price, stop_distance, line)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    private static let upsertParentOrder = """
        INSERT INTO parent_orders (id, at, strategy, symbol, quantity, algorithm, child_order_ids)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET at = excluded.at, quantity = excluded.quantity, algorithm = excluded.algorithm,
                                      child_order_ids = excluded.child_order_ids
        """
    private static let upsertChildOrder = """
        INSERT INTO child_orders (client_order_id, parent_id, strategy, symbol, side, quantity, venue, release_at,
                                  slice_index, status, terminal, first_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(client_order_id) DO UPDATE SET status = excluded.status, terminal = excluded.terminal,
                                                   updated_at = excluded.updated_at
        WHERE child_orders.terminal = 0 OR excluded.terminal = 1
        """
    private static let insertChildOrderEvent = """
        INSERT INTO child_order_events (client_order_id, status, at) VALUES (?, ?, ?)
        """
    private static let insertExecution = """
        INSERT OR IGNORE INTO executions (execution_id, client_order_id, symbol, side, quantity, price, fee, timestamp)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    private static let upsertPosition = """
        INSERT INTO positions (symbol, quantity, average_cost, at) VALUES (?, ?, ?, ?)
        ON CONFLICT(symbol) DO UPDATE SET quantity = excluded.quantity, average_cost = excluded.average_cost,
                                          at = excluded.at
        """
    private static let insertHeartbeat = "INSERT INTO heartbeats (stage, at) VALUES (?, ?)"
    private static let insertAlert = "INSERT INTO alerts (level, message, at) VALUES (?, ?, ?)"
    private static let insertTradingState = """
        INSERT INTO trading_state (mode, reason, since, trading_day) VALUES (?, ?, ?, ?)
        """
    private static let upsertProgress = """
        INSERT INTO progress (id, last_bar_timestamp) VALUES (1, ?)
        ON CONFLICT(id) DO UPDATE SET last_bar_timestamp = max(last_bar_timestamp, excluded.last_bar_timestamp)
        """
}

/// Cash as decimal text: the shortest digits that read back as the same `Double`, without an exponent
/// (`0.0035`, never `3.5e-03`), so a report or a person reads the amount the broker charged.
enum DecimalText {
    static func string(_ value: Double) -> String {
        let text = "\(value)"
        guard value.isFinite, text.contains("e"),
            let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else { return text }
        return "\(decimal)"
    }

    static func double(_ text: String) -> Double? { Double(text) }
}
