/// How much the journal has taken in and written, for metrics and tests.
public struct JournalStatistics: Sendable, Hashable {
    /// Entries accepted by `record`.
    public var recorded: UInt64 = 0
    /// Entries committed to the database.
    public var committed: UInt64 = 0
    /// Entries waiting for the writer.
    public var pending = 0
    /// Entries accepted while the buffer already held `capacity` entries (written, in a larger batch).
    public var spilled: UInt64 = 0
    /// Entries recorded after `close` or after a failed commit: never written, and reported by `flush`.
    public var refused: UInt64 = 0
    /// Execution reports ignored because their execution id was already journaled.
    public var duplicateExecutions: UInt64 = 0
    /// Transactions committed.
    public var batches: UInt64 = 0
    /// The most entries committed in one transaction.
    public var largestBatch = 0
    /// The run-clock time of the newest heartbeat committed: the journal writer's own heartbeat reports it
    /// as its latest event, so a writer that falls behind shows a growing lag.
    public var latestCommittedHeartbeat: Int64?

    /// All zero.
    public init() {}
}
