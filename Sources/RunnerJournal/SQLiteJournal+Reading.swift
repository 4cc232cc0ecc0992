import GRDB
import RunnerBroker
import RunnerCore
import RunnerRisk

/// Reads of the committed journal, for reports and tests. Entries still in the buffer are not seen:
/// call ``SQLiteJournal/flush()`` first to read everything recorded.
extension SQLiteJournal {
    /// Every target journaled, in order.
    public func signals() throws -> [TargetPosition] { try read { try $0.signals() } }
    /// The positions strategies held by their own rules when the journal was last written.
    public func strategyPositions() throws -> [(strategy: String, symbol: Symbol, position: StrategyPosition)] {
        try read { try $0.strategyPositions() }
    }

    /// Every decision journaled, in order.
    public func decisions() throws -> [JournaledDecision] { try read { try $0.decisions() } }

    /// Every parent order, in the order first journaled (a re-routed id keeps its place and its latest plan).
    public func parentOrders() throws -> [JournaledParentOrder] { try read { try $0.parentOrders() } }

    /// Every child order with its latest status, in the order first journaled.
    public func childOrders() throws -> [JournaledChildOrder] { try read { try $0.childOrders() } }

    /// The statuses one child order went through, in order.
    public func childOrderHistory(clientOrderID: String) throws -> [ChildOrderStatusChange] {
        try read { try $0.childOrderHistory(clientOrderID: clientOrderID) }
    }

    /// Every execution, once per execution id, in the order first journaled.
    public func executions() throws -> [Fill] { try read { try $0.executions() } }

    /// The latest position per symbol, by symbol.
    public func positions() throws -> [JournaledPosition] { try read { try $0.positions() } }

    /// Every heartbeat, in order.
    public func heartbeats() throws -> [JournaledHeartbeat] { try read { try $0.heartbeats() } }

    /// The latest committed heartbeat of each component, in the components' order.
    public func latestHeartbeats() throws -> [Heartbeat] {
        var latest: [Heartbeat.Component: Heartbeat] = [:]
        for row in try heartbeats() { latest[row.heartbeat.component] = row.heartbeat }
        return latest.keys.sorted().compactMap { latest[$0] }
    }

    /// Every alert, in order.
    public func alerts() throws -> [JournaledAlert] { try read { try $0.alerts() } }

    /// The latest trading state; nil when none was journaled.
    public func tradingState() throws -> TradingState? { try read { try $0.tradingState() } }

    /// Every trading-state change, in the order journaled.
    public func tradingStates() throws -> [TradingState] { try read { try $0.tradingStates() } }

    /// The highest bar timestamp journaled as progress; nil when none was.
    public func lastBarTimestamp() throws -> Int64? { try read { try $0.lastBarTimestamp() } }

    /// Rows per table.
    public func counts() throws -> JournalCounts { try read { try $0.counts() } }

    /// Targets journaled.
    public func signalsCount() throws -> Int { try counts().signals }

    /// The database's journal mode as SQLite reports it (`wal`).
    public func journalMode() throws -> String {
        try read { reader in try String.fetchOne(reader.db, sql: "PRAGMA journal_mode") ?? "" }
    }

    func read<Value>(_ body: (JournalReader) throws -> Value) throws -> Value {
        do {
            return try pool.read { db in try body(JournalReader(db)) }
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError.readFailed(path: path, reason: "\(error)")
        }
    }
}
