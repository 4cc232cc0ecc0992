/// The journal's in-memory side as a state machine: the entries waiting for the writer, the counters,
/// the parked writer and the callers waiting in `flush` or `close`. It lives inside a `Mutex` and does
/// no I/O; each transition returns the continuations its caller must resume once the lock is released.
///
/// **Units.** A `progress` entry closes a unit: everything recorded for the bars it covers. Once the
/// buffer has seen one, the writer commits whole units only (entries after the last `progress` wait for
/// the next), so a committed journal never holds half a bar: a restart resumes after the last committed
/// `progress` with nothing of a later bar in the file. `flush` and `close` commit everything, units or not.
///
/// `capacity` is a soft bound: the writer is woken long before it (at `batchSize`), and every entry
/// accepted beyond it is counted as spilled and goes into the next, larger batch. Nothing is dropped while
/// the writer is healthy; entries recorded after `close` or after a failed commit are counted as refused,
/// and `flush` reports them.
struct JournalBuffer {
    enum WriterPhase: Sendable { case notStarted, running, stopped }

    enum StartOutcome: Equatable {
        case started, alreadyRunning, closed
        case failed(JournalError)
    }

    enum Step {
        /// Commit `entries`; once committed, everything recorded up to `through` is in the journal.
        case write([JournalEntry], through: UInt64)
        /// Nothing to do yet: park again.
        case idle
        /// The journal is closing (or the writer was cancelled) and the buffer is empty.
        case finish
    }

    enum FlushOutcome {
        case done
        case failed(any Error)
        /// The caller waits; resume the writer if one was parked.
        case wait(wake: CheckedContinuation<Void, Never>?)
    }

    struct Waiter {
        var target: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    let path: String
    let batchSize: Int
    let capacity: Int
    private(set) var pending: [JournalEntry] = []
    private(set) var statistics = JournalStatistics()
    private(set) var phase = WriterPhase.notStarted
    private(set) var closing = false
    private(set) var failure: JournalError?
    /// Whether a `progress` entry was ever recorded: from then on the writer commits whole units.
    private(set) var commitsUnits: Bool
    /// How many pending entries form whole units (up to and including the last `progress`).
    private var unitEnd = 0
    private var flushRequested = false
    private var tickDue = false
    private var parkedWriter: CheckedContinuation<Void, Never>?
    private var waiters: [Int: Waiter] = [:]
    private var exitWaiters: [CheckedContinuation<Void, Never>] = []

    /// `commitsUnits`: whole units only from the start, before the first `progress` arrives.
    init(path: String, batchSize: Int, capacity: Int, commitsUnits: Bool = false) {
        self.commitsUnits = commitsUnits
        self.path = path
        self.batchSize = batchSize
        self.capacity = capacity
        pending.reserveCapacity(batchSize)
    }

    // MARK: Producers

    /// Appends an entry; returns the writer to wake when a batch is full.
    mutating func append(_ entry: JournalEntry) -> CheckedContinuation<Void, Never>? {
        guard !closing, failure == nil else {
            statistics.refused += 1
            return nil
        }
        if case .progress = entry {
            statistics.recorded += 1
            commitsUnits = true
            // A unit with nothing in it but its progress only moves the mark: it replaces the last one.
            if unitEnd == pending.count, unitEnd > 0, case .progress = pending[unitEnd - 1] {
                pending[unitEnd - 1] = entry
            } else {
                if pending.count >= capacity { statistics.spilled += 1 }
                pending.append(entry)
                unitEnd = pending.count
            }
            return committable >= batchSize ? takeParkedWriter() : nil
        }
        if pending.count >= capacity { statistics.spilled += 1 }
        pending.append(entry)
        statistics.recorded += 1
        return committable >= batchSize ? takeParkedWriter() : nil
    }

    /// The batch interval elapsed: a parked writer commits whatever waits.
    mutating func tick() -> CheckedContinuation<Void, Never>? {
        guard !pending.isEmpty else { return nil }
        tickDue = true
        return takeParkedWriter()
    }

    /// Registers a caller waiting until everything recorded so far is committed.
    mutating func addWaiter(id: Int, _ continuation: CheckedContinuation<Void, any Error>, cancelled: Bool)
        -> FlushOutcome
    {
        if cancelled { return .failed(CancellationError()) }
        switch immediateFlushResult() {
        case .success: return .done
        case .failure(let error): return .failed(error)
        case nil: break
        }
        waiters[id] = Waiter(target: statistics.recorded, continuation: continuation)
        flushRequested = true
        return .wait(wake: takeParkedWriter())
    }

    /// What a flush gets without waiting: nil when it must wait for the writer.
    func immediateFlushResult() -> Result<Void, JournalError>? {
        if let failure { return .failure(failure) }
        if statistics.committed >= statistics.recorded {
            return statistics.refused > 0 ? .failure(.closed(path: path, unwritten: statistics.refused)) : .success(())
        }
        if phase == .stopped, !closing {
            return .failure(.writerStopped(path: path, unwritten: statistics.recorded - statistics.committed))
        }
        return nil
    }

    /// Removes a waiter whose task was cancelled; nil when it was already resumed.
    mutating func removeWaiter(id: Int) -> CheckedContinuation<Void, any Error>? {
        waiters.removeValue(forKey: id)?.continuation
    }

    // MARK: The writer

    mutating func startWriter() -> StartOutcome {
        if let failure { return .failed(failure) }
        if closing { return .closed }
        if phase == .running { return .alreadyRunning }
        phase = .running
        return .started
    }

    /// Parks the writer unless there is work; returns true when it should go on at once.
    mutating func park(_ writer: CheckedContinuation<Void, Never>, cancelled: Bool) -> Bool {
        if hasWork(cancelled: cancelled) { return true }
        parkedWriter = writer
        return false
    }

    mutating func takeParkedWriter() -> CheckedContinuation<Void, Never>? {
        defer { parkedWriter = nil }
        return parkedWriter
    }

    /// The whole units waiting (everything, for a journal that has seen no `progress`), when a batch is
    /// due; everything once flushing, closing or cancelled; `finish` once closing (or cancelled) and drained.
    ///
    /// A writer cancelled without a close (its owner failed) commits the whole units and leaves the rest:
    /// half a unit in the file would make a restart believe a bar was done.
    mutating func takeBatch(cancelled: Bool) -> Step {
        if pending.isEmpty { return cancelled || closing ? .finish : .idle }
        guard hasWork(cancelled: cancelled) else { return .idle }
        let everything = closing || flushRequested || !commitsUnits
        if cancelled, !everything, unitEnd == 0 { return .finish }
        flushRequested = false
        tickDue = false
        var batch: [JournalEntry] = []
        if everything || unitEnd == pending.count || !commitsUnits {
            // The next batch will likely be as large as this one: growing to it again costs the producer.
            batch.reserveCapacity(max(batchSize, pending.count))
            swap(&batch, &pending)
        } else {
            batch = Array(pending[..<unitEnd])
            pending.removeFirst(unitEnd)
        }
        unitEnd = 0
        return .write(batch, through: statistics.recorded - UInt64(pending.count))
    }

    /// The entries the writer may commit now without flushing: the whole units, or everything.
    var committable: Int { commitsUnits ? unitEnd : pending.count }

    /// A batch is committed; returns the waiters it satisfies.
    mutating func committed(through: UInt64, batch: Int, duplicateExecutions: Int, latestHeartbeat: Int64? = nil)
        -> [CheckedContinuation<Void, any Error>]
    {
        if let latestHeartbeat { statistics.latestCommittedHeartbeat = latestHeartbeat }
        statistics.committed = through
        statistics.batches += 1
        statistics.largestBatch = max(statistics.largestBatch, batch)
        statistics.duplicateExecutions += UInt64(duplicateExecutions)
        let satisfied = waiters.filter { $0.value.target <= through }
        for id in satisfied.keys { waiters[id] = nil }
        return satisfied.values.map(\.continuation)
    }

    /// A commit failed: the writer stops, every waiter fails, and the waiting entries are let go (they
    /// are counted in the error).
    mutating func fail(batch: Int, reason: String) -> (JournalError, [CheckedContinuation<Void, any Error>]) {
        let error = JournalError.writeFailed(
            path: path, batch: batch, unwritten: statistics.recorded - statistics.committed,
            reason: reason)
        failure = error
        statistics.refused += UInt64(pending.count)
        pending = []
        unitEnd = 0
        let failed = waiters.values.map(\.continuation)
        waiters = [:]
        return (error, failed)
    }

    /// The writer returned; callers waiting in `close` may go on.
    mutating func stopWriter() -> [CheckedContinuation<Void, Never>] {
        phase = .stopped
        defer { exitWaiters = [] }
        return exitWaiters
    }

    // MARK: Closing

    /// Refuses new entries and asks the writer to drain. Returns true when the caller may go on at once
    /// (no writer is running), and the writer to wake otherwise.
    mutating func beginClose(_ exit: CheckedContinuation<Void, Never>) -> (
        proceed: Bool, wake: CheckedContinuation<Void, Never>?
    ) {
        closing = true
        guard phase == .running else { return (true, nil) }
        exitWaiters.append(exit)
        return (false, takeParkedWriter())
    }

    /// The entries left after the writer stopped, for `close` to commit itself.
    mutating func takeRemaining() -> Step {
        takeBatch(cancelled: true)
    }

    private func hasWork(cancelled: Bool) -> Bool {
        if cancelled || closing { return true }
        if flushRequested { return !pending.isEmpty }
        return committable > 0 && (tickDue || committable >= batchSize)
    }
}
