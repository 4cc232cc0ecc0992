import Foundation
import GRDB
import RunnerCore

/// The journal's tables, created by numbered migrations so an old file is brought up to date in place.
/// A migration already applied is skipped, so opening a journal any number of times is safe.
///
/// Cash and execution prices are never stored as a binary float: fees, execution prices and average costs
/// are TEXT exact decimal strings (`56.31`, see `DecimalText`; NULL for a NaN). Market observations (a
/// signal's reference price, stop distance) and confidences are REAL; quantities and times (milliseconds
/// since the epoch) are INTEGER.
enum JournalSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: journal tables") { db in
            try createPipelineTables(db)
            try createOrderTables(db)
            try createStateTables(db)
        }
        migrator.registerMigration("v2: the run a journal belongs to") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        environment TEXT NOT NULL,
                        fingerprint TEXT NOT NULL,
                        started_at INTEGER NOT NULL,
                        finished_at INTEGER
                    );
                    """)
        }
        migrator.registerMigration("v3: execution prices and average costs as exact decimal text") { db in
            try retypeAsDecimalText(db, table: "executions", key: "id", column: "price", create: executionsTable)
            try retypeAsDecimalText(db, table: "positions", key: "symbol", column: "average_cost", create: positionsTable)
        }
        migrator.registerMigration("v4: the market data's digest at the progress mark") { db in
            try db.execute(sql: "ALTER TABLE progress ADD COLUMN data_digest TEXT")
        }
        migrator.registerMigration("v5: heartbeats say who, where, how many and how far behind") { db in
            // `stage` keeps the component's name; rows of older journals have NULL in the new columns.
            try db.execute(
                sql: """
                    ALTER TABLE heartbeats ADD COLUMN process_id INTEGER;
                    ALTER TABLE heartbeats ADD COLUMN host TEXT;
                    ALTER TABLE heartbeats ADD COLUMN sequence INTEGER;
                    ALTER TABLE heartbeats ADD COLUMN wall INTEGER;
                    ALTER TABLE heartbeats ADD COLUMN latest_event INTEGER;
                    ALTER TABLE heartbeats ADD COLUMN state TEXT;
                    """)
        }
        migrator.registerMigration("v6: an alert's kind and environment") { db in
            // NULL in the rows written before, and in alerts journaled without them (`JournalEntry.alert`).
            try db.execute(sql: "ALTER TABLE alerts ADD COLUMN kind TEXT")
            try db.execute(sql: "ALTER TABLE alerts ADD COLUMN environment TEXT")
        }
        migrator.registerMigration("v7: why a strategy wants a target, and the positions strategies hold") { db in
            // `reason` is NULL for the stateless rules' targets and in rows written before.
            try db.execute(
                sql: """
                    ALTER TABLE signals ADD COLUMN reason TEXT;
                    CREATE TABLE strategy_positions (
                        strategy TEXT NOT NULL,
                        symbol TEXT NOT NULL,
                        side TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        entry_price REAL NOT NULL,
                        entry_time INTEGER NOT NULL,
                        bars_held INTEGER NOT NULL,
                        best_price REAL NOT NULL,
                        stop_loss REAL,
                        take_profit REAL,
                        trailing_distance REAL,
                        at INTEGER NOT NULL,
                        PRIMARY KEY (strategy, symbol)
                    );
                    """)
        }
        return migrator
    }

    /// The executions table from v3 on: `price` is decimal text.
    private static let executionsTable = """
        CREATE TABLE executions (
            id INTEGER PRIMARY KEY,
            execution_id TEXT NOT NULL UNIQUE,
            client_order_id TEXT NOT NULL,
            symbol TEXT NOT NULL,
            side TEXT NOT NULL,
            quantity INTEGER NOT NULL,
            price TEXT,
            fee TEXT NOT NULL,
            timestamp INTEGER NOT NULL
        );
        CREATE INDEX executions_by_order ON executions(client_order_id);
        """

    /// The positions table from v3 on: `average_cost` is decimal text.
    private static let positionsTable = """
        CREATE TABLE positions (
            symbol TEXT PRIMARY KEY,
            quantity INTEGER NOT NULL,
            average_cost TEXT,
            at INTEGER NOT NULL
        );
        """

    /// Rebuilds `table` with `create` (SQLite cannot change a column's type in place), turning each REAL in
    /// `column` into the shortest digits that read back as it, the digits the runner meant
    /// (`56.30624999999999` stays those digits; nothing is rounded). NULL stays NULL.
    private static func retypeAsDecimalText(
        _ db: Database, table: String, key: String, column: String, create: String
    ) throws {
        try db.execute(sql: "ALTER TABLE \(table) RENAME TO \(table)_v2")
        // The indexes went with the renamed table, under their names: dropped, so `create` can make them again.
        let indexes = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            arguments: ["\(table)_v2"])
        for index in indexes { try db.execute(sql: "DROP INDEX \(index)") }
        try db.execute(sql: create)
        try db.execute(sql: "INSERT INTO \(table) SELECT * FROM \(table)_v2")
        let rows = try Row.fetchAll(
            db, sql: "SELECT \(key) AS key, \(column) AS value FROM \(table)_v2 WHERE typeof(\(column)) = 'real'")
        for row in rows {
            let value: Double = row["value"]
            guard let decimal = Decimal(shortestRepresentationOf: value) else { continue }
            try db.execute(
                sql: "UPDATE \(table) SET \(column) = ? WHERE \(key) = ?",
                arguments: [decimal.plainText(minimumFractionDigits: 2), row["key"] as DatabaseValue])
        }
        try db.execute(sql: "DROP TABLE \(table)_v2")
    }

    /// Targets and the gate's decisions.
    private static func createPipelineTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE signals (
                    id INTEGER PRIMARY KEY,
                    strategy TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    side TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    confidence REAL,
                    decision_time INTEGER NOT NULL,
                    reference_price REAL,
                    stop_distance REAL
                );
                CREATE INDEX signals_by_symbol ON signals(symbol, decision_time);
                CREATE TABLE decisions (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    approved INTEGER NOT NULL,
                    code TEXT,
                    figures TEXT NOT NULL,
                    strategy TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    side TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    confidence REAL,
                    decision_time INTEGER NOT NULL,
                    reference_price REAL,
                    stop_distance REAL,
                    line TEXT NOT NULL
                );
                CREATE INDEX decisions_by_code ON decisions(code);
                """)
    }

    /// Parent orders, child orders with their latest status and every status change, executions.
    private static func createOrderTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE parent_orders (
                    id TEXT PRIMARY KEY,
                    at INTEGER NOT NULL,
                    strategy TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    quantity INTEGER NOT NULL,
                    algorithm TEXT NOT NULL,
                    child_order_ids TEXT NOT NULL
                );
                CREATE TABLE child_orders (
                    client_order_id TEXT PRIMARY KEY,
                    parent_id TEXT NOT NULL,
                    strategy TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    side TEXT NOT NULL,
                    quantity INTEGER NOT NULL,
                    venue TEXT NOT NULL,
                    release_at INTEGER NOT NULL,
                    slice_index INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    terminal INTEGER NOT NULL,
                    first_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX child_orders_open ON child_orders(terminal, symbol);
                CREATE TABLE child_order_events (
                    id INTEGER PRIMARY KEY,
                    client_order_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX child_order_events_by_order ON child_order_events(client_order_id);
                CREATE TABLE executions (
                    id INTEGER PRIMARY KEY,
                    execution_id TEXT NOT NULL UNIQUE,
                    client_order_id TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    side TEXT NOT NULL,
                    quantity INTEGER NOT NULL,
                    price REAL,
                    fee TEXT NOT NULL,
                    timestamp INTEGER NOT NULL
                );
                CREATE INDEX executions_by_order ON executions(client_order_id);
                """)
    }

    /// Positions, heartbeats, alerts, trading state changes and the replay's progress.
    private static func createStateTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE positions (
                    symbol TEXT PRIMARY KEY,
                    quantity INTEGER NOT NULL,
                    average_cost REAL,
                    at INTEGER NOT NULL
                );
                CREATE TABLE heartbeats (
                    id INTEGER PRIMARY KEY,
                    stage TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE TABLE alerts (
                    id INTEGER PRIMARY KEY,
                    level TEXT NOT NULL,
                    message TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE TABLE trading_state (
                    id INTEGER PRIMARY KEY,
                    mode TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    since INTEGER NOT NULL,
                    trading_day INTEGER NOT NULL
                );
                CREATE TABLE progress (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    last_bar_timestamp INTEGER NOT NULL
                );
                """)
    }
}
