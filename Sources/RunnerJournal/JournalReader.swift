import Foundation
import GRDB
import RunnerBroker
import RunnerCore
import RunnerRisk
import RunnerRouting

/// Reads the committed journal inside one read transaction, turning rows back into values.
struct JournalReader {
    let db: Database

    init(_ db: Database) { self.db = db }

    func signals() throws -> [TargetPosition] {
        try Row.fetchAll(db, sql: "SELECT * FROM signals ORDER BY id").map { row in
            var signal = try target(row, table: "signals")
            signal.reason = row["reason"]
            return signal
        }
    }

    func strategyPositions() throws -> [(strategy: String, symbol: Symbol, position: StrategyPosition)] {
        try Row.fetchAll(db, sql: "SELECT * FROM strategy_positions ORDER BY strategy, symbol").map { row in
            let position = StrategyPosition(
                side: try decode(row["side"], "strategy_positions", "side"), size: row["size"],
                entryPrice: row["entry_price"], entryTime: row["entry_time"], barsHeld: row["bars_held"],
                bestPrice: row["best_price"], stopLoss: row["stop_loss"], takeProfit: row["take_profit"],
                trailingDistance: row["trailing_distance"])
            return (row["strategy"], Symbol(row["symbol"] as String), position)
        }
    }

    func decisions() throws -> [JournaledDecision] {
        try Row.fetchAll(db, sql: "SELECT * FROM decisions ORDER BY id").map { row in
            let pairs = try JSONDecoder().decode([[String]].self, from: Data((row["figures"] as String).utf8))
            guard pairs.allSatisfy({ $0.count == 2 }) else {
                throw JournalError.unreadableRow(
                    table: "decisions", detail: "figures \(row["figures"] as String) are not name/value pairs")
            }
            let code: String? = row["code"]
            return JournaledDecision(
                at: row["at"], isApproved: row["approved"],
                code: try code.map { try decode($0, "decisions", "code") },
                figures: pairs.map { Denial.Figure($0[0], $0[1]) }, target: try target(row, table: "decisions"),
                line: row["line"])
        }
    }

    func parentOrders() throws -> [JournaledParentOrder] {
        try Row.fetchAll(db, sql: "SELECT * FROM parent_orders ORDER BY rowid").map { row in
            JournaledParentOrder(
                id: row["id"], at: row["at"], strategy: row["strategy"], symbol: Symbol(row["symbol"] as String),
                quantity: row["quantity"], algorithm: try decode(row["algorithm"], "parent_orders", "algorithm"),
                childOrderIDs: try JSONDecoder().decode(
                    [String].self, from: Data((row["child_order_ids"] as String).utf8)))
        }
    }

    /// Child orders in the order first journaled; `onlyOpen` keeps those whose status is not terminal.
    func childOrders(onlyOpen: Bool = false) throws -> [JournaledChildOrder] {
        let sql = """
            SELECT child_orders.*, coalesce(filled.quantity, 0) AS filled_quantity
            FROM child_orders
            LEFT JOIN (SELECT client_order_id, sum(quantity) AS quantity FROM executions GROUP BY client_order_id) AS filled
                ON filled.client_order_id = child_orders.client_order_id
            \(onlyOpen ? "WHERE child_orders.terminal = 0" : "")
            ORDER BY child_orders.rowid
            """
        return try Row.fetchAll(db, sql: sql).map { row in
            let order = ChildOrder(
                clientOrderID: row["client_order_id"], parentID: row["parent_id"], strategy: row["strategy"],
                symbol: Symbol(row["symbol"] as String), side: try decode(row["side"], "child_orders", "side"),
                quantity: row["quantity"], venue: row["venue"], releaseAt: row["release_at"],
                sliceIndex: row["slice_index"])
            return JournaledChildOrder(
                order: order, status: try decode(row["status"], "child_orders", "status") as OrderStatus, firstAt: row["first_at"],
                updatedAt: row["updated_at"], filledQuantity: row["filled_quantity"])
        }
    }

    func childOrderHistory(clientOrderID: String) throws -> [ChildOrderStatusChange] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM child_order_events WHERE client_order_id = ? ORDER BY id",
            arguments: [clientOrderID]
        ).map { row in
            ChildOrderStatusChange(
                clientOrderID: row["client_order_id"], status: try decode(row["status"], "child_order_events", "status") as OrderStatus,
                at: row["at"])
        }
    }

    /// Every client order id that reached the broker, or may have: a status other than `scheduled`, or
    /// an execution.
    func sentClientOrderIDs() throws -> Set<String> {
        Set(
            try String.fetchAll(
                db,
                sql: """
                    SELECT client_order_id FROM child_order_events WHERE status <> 'scheduled'
                    UNION SELECT client_order_id FROM executions
                    """))
    }

    func executions() throws -> [Fill] {
        try Row.fetchAll(db, sql: "SELECT * FROM executions ORDER BY id").map { row in
            let feeText: String = row["fee"]
            guard let fee = DecimalText.decimal(feeText) else {
                throw JournalError.unreadableRow(table: "executions", detail: "fee \(feeText) is not a decimal number")
            }
            return Fill(
                executionID: row["execution_id"], clientOrderID: row["client_order_id"],
                symbol: Symbol(row["symbol"] as String), side: try decode(row["side"], "executions", "side"),
                quantity: row["quantity"], price: try decimal(row["price"], "executions", "price"), fee: fee,
                timestamp: row["timestamp"])
        }
    }

    func positions() throws -> [JournaledPosition] {
        try Row.fetchAll(db, sql: "SELECT * FROM positions ORDER BY symbol").map { row in
            JournaledPosition(
                symbol: Symbol(row["symbol"] as String), quantity: row["quantity"],
                averageCost: try decimal(row["average_cost"], "positions", "average_cost"), at: row["at"])
        }
    }

    /// Heartbeats after row `id`, in order, at most `limit`. A row of a component this version does not know
    /// (a newer runner's) is skipped; columns an older journal left NULL read as unknown (process 0, no host,
    /// sent at `at`).
    func heartbeats(after id: Int64 = 0, limit: Int = Int.max) throws -> [JournaledHeartbeat] {
        try Row.fetchAll(db, sql: "SELECT * FROM heartbeats WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit])
            .compactMap { row in
                guard let component = Heartbeat.Component(rawValue: row["stage"]) else { return nil }
                let at: Int64 = row["at"]
                let heartbeat = Heartbeat(
                    component: component, processID: Int32(truncatingIfNeeded: row["process_id"] as Int64? ?? 0),
                    host: row["host"] ?? "", sequence: row["sequence"] ?? 0, at: at, wall: row["wall"] ?? at,
                    latestEvent: row["latest_event"],
                    state: (row["state"] as String?).flatMap(Heartbeat.State.init(rawValue:)) ?? .running)
                return JournaledHeartbeat(id: row["id"], heartbeat: heartbeat)
            }
    }

    func alerts() throws -> [JournaledAlert] {
        try Row.fetchAll(db, sql: "SELECT * FROM alerts ORDER BY id").map { row in
            let kind: String? = row["kind"]
            return JournaledAlert(level: row["level"], message: row["message"], at: row["at"],
                                  kind: try kind.map { try decode($0, "alerts", "kind") }, environment: row["environment"])
        }
    }

    /// The latest trading state, nil when none was journaled.
    func tradingState() throws -> TradingState? {
        try Row.fetchOne(db, sql: "SELECT * FROM trading_state ORDER BY id DESC LIMIT 1").map(tradingState)
    }

    /// Every trading-state change, in the order journaled.
    func tradingStates() throws -> [TradingState] {
        try Row.fetchAll(db, sql: "SELECT * FROM trading_state ORDER BY id").map(tradingState)
    }

    private func tradingState(_ row: Row) throws -> TradingState {
        TradingState(
            mode: try decode(row["mode"], "trading_state", "mode"),
            reason: try decode(row["reason"], "trading_state", "reason"), since: row["since"],
            tradingDay: row["trading_day"])
    }

    func dataDigest() throws -> String? {
        try String.fetchOne(db, sql: "SELECT data_digest FROM progress WHERE id = 1")
    }

    func lastBarTimestamp() throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT last_bar_timestamp FROM progress WHERE id = 1")
    }

    func counts() throws -> JournalCounts {
        func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
        var counts = JournalCounts()
        counts.signals = try count("signals")
        counts.decisions = try count("decisions")
        counts.parentOrders = try count("parent_orders")
        counts.childOrders = try count("child_orders")
        counts.childOrderStatusChanges = try count("child_order_events")
        counts.executions = try count("executions")
        counts.positions = try count("positions")
        counts.heartbeats = try count("heartbeats")
        counts.alerts = try count("alerts")
        counts.tradingStates = try count("trading_state")
        return counts
    }

    // MARK: Columns

    private func target(_ row: Row, table: String) throws -> TargetPosition {
        let stop: Double? = row["stop_distance"]
        return TargetPosition(
            strategy: row["strategy"], symbol: Symbol(row["symbol"] as String),
            side: try decode(row["side"], table, "side"),
            size: row["size"], confidence: real(row["confidence"]), decisionTime: row["decision_time"],
            referencePrice: real(row["reference_price"]), stopDistance: stop)
    }

    /// SQLite stores NaN as NULL; it reads back as NaN.
    private func real(_ value: Double?) -> Double { value ?? .nan }

    /// A price or an amount from its exact decimal text; NULL (a NaN) reads back as NaN. A number stored as
    /// such (by hand, or a file from before the text columns) is read as the digits it prints as; anything
    /// else is an unreadable row, never a crash in a column conversion.
    private func decimal(_ value: DatabaseValue, _ table: String, _ column: String) throws -> Decimal {
        let decimal: Decimal?
        switch value.storage {
        case .null: return .nan
        case .string(let text): decimal = DecimalText.decimal(text)
        case .double(let number): decimal = Decimal(shortestRepresentationOf: number)
        case .int64(let number): decimal = Decimal(number)
        case .blob: decimal = nil
        }
        guard let decimal else {
            throw JournalError.unreadableRow(table: table, detail: "\(column) \(value) is not a decimal number")
        }
        return decimal
    }

    private func decode<Value: RawRepresentable>(_ raw: String, _ table: String, _ column: String) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else {
            throw JournalError.unreadableRow(table: table, detail: "\(column) \(raw) is not a known \(Value.self)")
        }
        return value
    }
}
