import Foundation
import GRDB
import RunnerCore
import Synchronization

/// The journal in a SQLite file (WAL mode, through a GRDB `DatabasePool`), written by group commit.
///
/// `record` appends to an in-memory buffer under a `Mutex` and returns; one writer task, started by
/// ``run()`` (a long-running service: run it in the owner's task group or `ServiceGroup`), commits the
/// buffer in batches: as soon as ``Configuration/batchSize`` entries wait, when ``flush()`` or ``close()``
/// asks, and otherwise every ``Configuration/maximumDelay``. Each batch is one transaction.
///
/// **Durability.** An entry is durable once the batch holding it commits; ``flush()`` returns when every
/// entry recorded before it is committed. Entries recorded but not yet committed when the process dies
/// are lost: those still in the buffer (normally at most `maximumDelay` of them, 50 ms by default; more
/// when the writer falls behind, see below) and the batch being committed. With
/// ``Configuration/durableCommits`` (the default) each commit is synced to disk (`synchronous = FULL`),
/// so a committed batch also survives a power loss; without it (`NORMAL`) it survives a crash of the
/// process but the last commits may roll back on a power loss.
///
/// **A full buffer.** The buffer holds ``Configuration/capacity`` entries before it counts as full. `record`
/// never blocks and never drops an entry while the writer is healthy: beyond the capacity, entries spill
/// into the next (larger) batch and are counted in ``JournalStatistics/spilled``, so an owner can slow
/// down or alert. Entries recorded after ``close()`` or after a failed commit are counted as refused, and
/// ``flush()`` throws for them; a failed commit also stops the writer, so ``run()`` throws.
public final class SQLiteJournal: Journal {
    /// How the writer batches.
    public struct Configuration: Sendable, Hashable {
        /// The writer commits as soon as this many entries wait.
        public var batchSize: Int
        /// The longest an entry waits in the buffer when fewer than `batchSize` arrive.
        public var maximumDelay: Duration
        /// Entries buffered before the buffer counts as full (see ``JournalStatistics/spilled``).
        public var capacity: Int
        /// Syncs every commit to disk (`PRAGMA synchronous = FULL`); `NORMAL` otherwise.
        public var durableCommits: Bool
        /// Commits whole units (up to a `progress` entry) from the start; otherwise only once the first
        /// `progress` has been recorded. A run that resumes from its progress mark wants this.
        public var commitsWholeUnits: Bool

        /// Commits every 1,000 entries or 50 ms, counts the buffer full at 100,000, syncs each commit.
        public init(
            batchSize: Int = 1_000, maximumDelay: Duration = .milliseconds(50), capacity: Int = 100_000,
            durableCommits: Bool = true, commitsWholeUnits: Bool = false
        ) {
            self.commitsWholeUnits = commitsWholeUnits
            self.batchSize = batchSize
            self.maximumDelay = maximumDelay
            self.capacity = capacity
            self.durableCommits = durableCommits
        }
    }

    /// The database file.
    public let path: String
    /// How the writer batches.
    public let configuration: Configuration
    let pool: DatabasePool
    let buffer: Locked<JournalBuffer>
    let clock: any Clock<Duration>
    private let waiterIDs = Atomic<Int>(0)

    /// Opens (or creates, with its parent folders) the journal at `path` and brings its schema up to date.
    /// `clock` paces the batch interval.
    public init(
        path: String, configuration: Configuration = Configuration(), clock: any Clock<Duration> = ContinuousClock()
    )
        throws
    {
        guard configuration.batchSize > 0, configuration.capacity >= configuration.batchSize,
            configuration.maximumDelay > .zero
        else {
            throw JournalError.invalidConfiguration(
                "the batch size (\(configuration.batchSize)) must be positive and at most the capacity "
                    + "(\(configuration.capacity)), and the maximum delay (\(configuration.maximumDelay)) positive")
        }
        self.path = path
        self.configuration = configuration
        self.clock = clock
        buffer = Locked(JournalBuffer(path: path, batchSize: configuration.batchSize, capacity: configuration.capacity,
                                      commitsUnits: configuration.commitsWholeUnits))
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var database = GRDB.Configuration()
            database.label = "RunnerJournal"
            database.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: database)
            let synchronous = configuration.durableCommits ? "FULL" : "NORMAL"
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
            try JournalSchema.migrator.migrate(pool)
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError.openFailed(path: path, reason: "\(error)")
        }
    }

    /// Queues `entry` for the next batch; never waits on the disk.
    public func record(_ entry: JournalEntry) {
        buffer.withLock { $0.append(entry) }?.resume()
    }

    /// Waits until every entry recorded before the call is committed. Needs ``run()`` to be running (or
    /// ``close()`` to be closing); throws when a commit failed, when the writer stopped with entries left,
    /// or when entries were recorded after ``close()``.
    public func flush() async throws {
        let id = waiterIDs.wrappingAdd(1, ordering: .relaxed).newValue
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                switch buffer.withLock({ $0.addWaiter(id: id, continuation, cancelled: Task.isCancelled) }) {
                case .done: continuation.resume()
                case .failed(let error): continuation.resume(throwing: error)
                case .wait(let writer): writer?.resume()
                }
            }
        } onCancel: {
            buffer.withLock { $0.removeWaiter(id: id) }?.resume(throwing: CancellationError())
        }
    }

    /// Commits everything recorded, stops the writer (``run()`` returns) and closes the database. Entries
    /// recorded afterwards are refused (and reported by ``flush()``). Throws when a commit failed.
    public func close() async throws {
        await withCheckedContinuation { (exit: CheckedContinuation<Void, Never>) in
            let (proceed, writer) = buffer.withLock { $0.beginClose(exit) }
            writer?.resume()
            if proceed { exit.resume() }
        }
        // The writer has stopped (or never ran): commit what is left here.
        while case .write(let batch, let through) = buffer.withLock({ $0.takeRemaining() }) {
            do {
                let duplicates = try await pool.write { db in try JournalBatchWriter(db).write(batch) }
                for waiter in buffer.withLock({
                    $0.committed(through: through, batch: batch.count, duplicateExecutions: duplicates)
                }) {
                    waiter.resume()
                }
            } catch {
                let (failure, waiters) = buffer.withLock { $0.fail(batch: batch.count, reason: "\(error)") }
                for waiter in waiters { waiter.resume(throwing: failure) }
                throw failure
            }
        }
        if let failure = buffer.withLock({ $0.failure }) { throw failure }
        try pool.close()
    }

    /// What the journal has taken in and committed so far.
    public var statistics: JournalStatistics {
        buffer.withLock { buffer in
            var statistics = buffer.statistics
            statistics.pending = buffer.pending.count
            return statistics
        }
    }
}
