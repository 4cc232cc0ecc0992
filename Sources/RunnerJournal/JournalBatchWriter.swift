import Foundation
import GRDB
#if canImport(GRDBSQLite)
    import GRDBSQLite  // GRDB's own SQLite module under SwiftPM
#else
    import SQLite3
#endif
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
/// A child order's statuses within one batch are folded into one upsert by that rule (``ChildOrderRowPlan``).
///
/// Values are bound one by one with their own types (no `StatementArguments` of existentials) and each
/// statement is looked up once per batch: the writer thread is the replay's bottleneck.
struct JournalBatchWriter {
    let db: Database
    private let statements: StatementCache

    init(_ db: Database) {
        self.db = db
        statements = StatementCache(db)
    }

    /// Writes `entries` in order; returns how many executions were already journaled (and ignored).
    func write(_ entries: [JournalEntry]) throws -> Int {
        var duplicates = 0
        let childOrderRows = ChildOrderRowPlan(entries)
        for (index, entry) in entries.enumerated() {
            switch entry {
            case .signal(let target):
                var row = try statements.row(.insertSignal)
                try bind(target, to: &row)
                try row.bind(target.reason)
                try row.execute()
            case .strategyPosition(let strategy, let symbol, let position, let at):
                guard let position else {
                    var row = try statements.row(.deleteStrategyPosition)
                    try row.bind(strategy)
                    try row.bind(symbol.rawValue)
                    try row.execute()
                    continue
                }
                var row = try statements.row(.upsertStrategyPosition)
                try row.bind(strategy)
                try row.bind(symbol.rawValue)
                try row.bind(position.side.rawValue)
                try row.bind(position.size)
                try row.bind(position.entryPrice)
                try row.bind(position.entryTime)
                try row.bind(Int64(position.barsHeld))
                try row.bind(position.bestPrice)
                try row.bind(position.stopLoss)
                try row.bind(position.takeProfit)
                try row.bind(position.trailingDistance)
                try row.bind(at)
                try row.execute()
            case .decision(let decision, let at):
                try write(decision, at: at)
            case .parentOrder(let parent, let at):
                var row = try statements.row(.upsertParentOrder)
                try row.bind(parent.id)
                try row.bind(at)
                try row.bind(parent.strategy)
                try row.bind(parent.symbol.rawValue)
                try row.bind(parent.quantity)
                try row.bind(parent.algorithm.rawValue)
                try row.bind(try JSONStringArray.text(parent.children.map(\.clientOrderID)))
                try row.execute()
            case .childOrder(let order, let status, let at):
                // One upsert per order and batch, with the status the batch leaves (see ChildOrderRowPlan).
                if let folded = childOrderRows.row(at: index) {
                    var row = try statements.row(.upsertChildOrder)
                    try row.bind(order.clientOrderID)
                    try row.bind(order.parentID)
                    try row.bind(order.strategy)
                    try row.bind(order.symbol.rawValue)
                    try row.bind(order.side.rawValue)
                    try row.bind(order.quantity)
                    try row.bind(order.venue)
                    try row.bind(order.releaseAt)
                    try row.bind(order.sliceIndex)
                    try row.bind(folded.status.rawValue)
                    try row.bind(folded.status.isTerminal)
                    try row.bind(at)
                    try row.bind(folded.updatedAt)
                    try row.execute()
                }
                var event = try statements.row(.insertChildOrderEvent)
                try event.bind(order.clientOrderID)
                try event.bind(status.rawValue)
                try event.bind(at)
                try event.execute()
            case .execution(let fill):
                var row = try statements.row(.insertExecution)
                try row.bind(fill.executionID)
                try row.bind(fill.clientOrderID)
                try row.bind(fill.symbol.rawValue)
                try row.bind(fill.side.rawValue)
                try row.bind(fill.quantity)
                try row.bind(DecimalText.string(fill.price))
                try row.bind(DecimalText.string(fill.fee))
                try row.bind(fill.timestamp)
                try row.execute()
                if db.changesCount == 0 { duplicates += 1 }
            case .position(let symbol, let quantity, let averageCost, let at):
                try writePosition(symbol, quantity, averageCost, at)
            case .positionBasis(let symbol, let quantity, let costBasis, let at):
                // As `Position.averageCost ?? 0` computes it on the ledger's side.
                try writePosition(symbol, quantity, DecimalText.averageCost(costBasis: costBasis, quantity: quantity), at)
            case .heartbeat(let heartbeat):
                var row = try statements.row(.insertHeartbeat)
                try row.bind(heartbeat.component.rawValue)
                try row.bind(heartbeat.at)
                try row.bind(Int64(heartbeat.processID))
                try row.bind(heartbeat.host)
                try row.bind(heartbeat.sequence)
                try row.bind(heartbeat.wall)
                try row.bind(heartbeat.latestEvent)
                try row.bind(heartbeat.state.rawValue)
                try row.execute()
            case .alert(let level, let message, let at):
                try writeAlert(level: level, message: message, at: at, kind: nil, environment: nil)
            case .operatorAlert(let alert):
                try writeAlert(level: alert.severity.rawValue, message: alert.message, at: alert.at,
                               kind: alert.kind.rawValue, environment: alert.environment)
            case .tradingState(let state):
                var row = try statements.row(.insertTradingState)
                try row.bind(state.mode.rawValue)
                try row.bind(state.reason.rawValue)
                try row.bind(state.since)
                try row.bind(state.tradingDay)
                try row.execute()
            case .progress(let lastBarTimestamp, let dataDigest):
                var row = try statements.row(.upsertProgress)
                try row.bind(lastBarTimestamp)
                try row.bind(dataDigest)
                try row.execute()
            }
        }
        return duplicates
    }

    private func writeAlert(level: String, message: String, at: Int64, kind: String?, environment: String?) throws {
        var row = try statements.row(.insertAlert)
        try row.bind(level)
        try row.bind(message)
        try row.bind(at)
        try row.bind(kind)
        try row.bind(environment)
        try row.execute()
    }

    private func writePosition(_ symbol: Symbol, _ quantity: Int64, _ averageCost: Decimal, _ at: Int64) throws {
        try writePosition(symbol, quantity, DecimalText.string(averageCost), at)
    }

    private func writePosition(_ symbol: Symbol, _ quantity: Int64, _ averageCost: String?, _ at: Int64) throws {
        var row = try statements.row(.upsertPosition)
        try row.bind(symbol.rawValue)
        try row.bind(quantity)
        try row.bind(averageCost)
        try row.bind(at)
        try row.execute()
    }

    private func write(_ decision: RiskDecision, at: Int64) throws {
        let target: TargetPosition
        let code: String?
        let figures: [Denial.Figure]
        switch decision {
        case .approved(let approved):
            (target, code, figures) = (approved.target, nil, [])
        case .denied(let denial):
            (target, code, figures) = (denial.target, denial.code.rawValue, denial.figures)
        }
        var row = try statements.row(.insertDecision)
        try row.bind(at)
        try row.bind(decision.isApproved)
        try row.bind(code)
        try row.bind(try JSONStringArray.text(figures))
        try bind(target, to: &row)
        try row.bind(decision.logLine(at: at))
        try row.execute()
    }

    /// A target's columns, in the order the signals and decisions tables share.
    private func bind(_ target: TargetPosition, to row: inout BoundRow) throws {
        try row.bind(target.strategy)
        try row.bind(target.symbol.rawValue)
        try row.bind(target.side.rawValue)
        try row.bind(target.size)
        try row.bind(target.confidence)
        try row.bind(target.decisionTime)
        try row.bind(target.referencePrice)
        try row.bind(target.stopDistance)
    }

    // MARK: Statements

    /// The writer's statements, by number, for the batch's statement cache.
    enum Query: Int, CaseIterable {
        case insertSignal, insertDecision, upsertParentOrder, upsertChildOrder, insertChildOrderEvent
        case insertExecution, upsertPosition, insertHeartbeat, insertAlert, insertTradingState, upsertProgress
        case upsertStrategyPosition, deleteStrategyPosition

        var sql: String {
            switch self {
            case .insertSignal: JournalBatchWriter.insertSignal
            case .insertDecision: JournalBatchWriter.insertDecision
            case .upsertParentOrder: JournalBatchWriter.upsertParentOrder
            case .upsertChildOrder: JournalBatchWriter.upsertChildOrder
            case .insertChildOrderEvent: JournalBatchWriter.insertChildOrderEvent
            case .insertExecution: JournalBatchWriter.insertExecution
            case .upsertPosition: JournalBatchWriter.upsertPosition
            case .insertHeartbeat: JournalBatchWriter.insertHeartbeat
            case .insertAlert: JournalBatchWriter.insertAlert
            case .insertTradingState: JournalBatchWriter.insertTradingState
            case .upsertProgress: JournalBatchWriter.upsertProgress
            case .upsertStrategyPosition: JournalBatchWriter.upsertStrategyPosition
            case .deleteStrategyPosition: "DELETE FROM strategy_positions WHERE strategy = ? AND symbol = ?"
            }
        }
    }

    private static let insertSignal = """
        INSERT INTO signals (strategy, symbol, side, size, confidence, decision_time, reference_price, stop_distance,
                             reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    private static let upsertStrategyPosition = """
        INSERT INTO strategy_positions (strategy, symbol, side, size, entry_price, entry_time, bars_held, best_price,
                                        stop_loss, take_profit, trailing_distance, at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(strategy, symbol) DO UPDATE SET
            side = excluded.side, size = excluded.size, entry_price = excluded.entry_price,
            entry_time = excluded.entry_time, bars_held = excluded.bars_held, best_price = excluded.best_price,
            stop_loss = excluded.stop_loss, take_profit = excluded.take_profit,
            trailing_distance = excluded.trailing_distance, at = excluded.at
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
    private static let insertHeartbeat = """
        INSERT INTO heartbeats (stage, at, process_id, host, sequence, wall, latest_event, state)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    private static let insertAlert = "INSERT INTO alerts (level, message, at, kind, environment) VALUES (?, ?, ?, ?, ?)"
    private static let insertTradingState = """
        INSERT INTO trading_state (mode, reason, since, trading_day) VALUES (?, ?, ?, ?)
        """
    private static let upsertProgress = """
        INSERT INTO progress (id, last_bar_timestamp, data_digest) VALUES (1, ?, ?)
        ON CONFLICT(id) DO UPDATE SET
            data_digest = CASE WHEN excluded.last_bar_timestamp >= last_bar_timestamp THEN excluded.data_digest
                               ELSE data_digest END,
            last_bar_timestamp = max(last_bar_timestamp, excluded.last_bar_timestamp)
        """
}

/// Prices, average costs and cash as exact decimal text, never a binary float: at least two decimals, more
/// when the value has them, never an exponent (`56.31`, `3.60`, `0.0035`), so a report or a person reads the
/// amount the broker charged, and the journal reads it back as the very same `Decimal`. A NaN (a price a
/// broker never sent) is NULL, as SQLite stored the NaN of a `Double`.
enum DecimalText {
    static func string(_ value: Decimal) -> String? {
        value.isNaN ? nil : value.plainText(minimumFractionDigits: 2)
    }

    static func decimal(_ text: String) -> Decimal? { Decimal(decimalText: text) }
}
