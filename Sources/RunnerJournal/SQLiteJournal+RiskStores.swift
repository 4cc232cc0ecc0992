import GRDB
import RunnerRisk

/// The journal as the risk gate's decision log: each decision is recorded like any entry (buffered,
/// never waiting on the disk).
extension SQLiteJournal: DecisionLog {
    /// Records `.decision(decision, at: milliseconds)`.
    public func record(_ decision: RiskDecision, at milliseconds: Int64) {
        record(.decision(decision, at: milliseconds))
    }
}

/// The journal as the risk gate's trading-state store. Unlike `record`, ``save(_:)`` commits before it
/// returns: a halt must survive a crash that follows it at once, and trading-state changes are rare.
/// Use either this store or `.tradingState` entries for a journal, not both, so "latest" keeps one order.
extension SQLiteJournal: TradingStateStore {
    /// The latest trading state committed; nil when none was.
    public func load() throws -> TradingState? { try tradingState() }

    /// Commits `state` as the latest trading state, blocking until it is on disk.
    public func save(_ state: TradingState) throws {
        do {
            _ = try pool.write { db in try JournalBatchWriter(db).write([.tradingState(state)]) }
        } catch {
            throw JournalError.tradingStateNotSaved(path: path, mode: state.mode.rawValue, reason: "\(error)")
        }
    }
}
