import GRDB

/// The journal's tables, created by numbered migrations so an old file is brought up to date in place.
/// A migration already applied is skipped, so opening a journal any number of times is safe.
///
/// Cash is never stored as a binary float: fees are TEXT decimal strings. Prices, average costs and
/// confidences are REAL; quantities and times (milliseconds since the epoch) are INTEGER.
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
        migrator.registerMigration("v3: the market data's digest at the progress mark") { db in
            try db.execute(sql: "ALTER TABLE progress ADD COLUMN data_digest TEXT")
        }
        return migrator
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
