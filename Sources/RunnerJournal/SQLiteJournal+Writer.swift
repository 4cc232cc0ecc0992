import GRDB

extension SQLiteJournal {
    /// The writer: commits the buffer in batches until ``close()`` (then returns after the last commit)
    /// or until its task is cancelled (then commits what is buffered, ignoring the cancellation, and
    /// returns). Throws when a commit fails; the journal then refuses new entries, and a later call throws
    /// the same error. Calling it while it runs throws; calling it after ``close()`` returns at once. After
    /// a cancellation it may be run again.
    public func run() async throws {
        switch buffer.withLock({ $0.startWriter() }) {
        case .closed: return
        case .alreadyRunning: throw JournalError.writerAlreadyStarted(path: path)
        case .failed(let failure): throw failure
        case .started: break
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.tick() }
            defer { group.cancelAll() }
            try await writeBatches()
        }
    }

    /// Wakes the parked writer every `maximumDelay` while entries wait.
    private func tick() async {
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: configuration.maximumDelay)
            } catch {
                return
            }
            buffer.withLock { $0.tick() }?.resume()
        }
    }

    private func writeBatches() async throws {
        while true {
            await parkUntilWork()
            switch buffer.withLock({ $0.takeBatch(cancelled: Task.isCancelled) }) {
            case .idle:
                continue
            case .finish:
                for exit in buffer.withLock({ $0.stopWriter() }) { exit.resume() }
                return
            case .write(let batch, let through):
                do {
                    let duplicates = try await commit(batch)
                    let heartbeat = Self.latestHeartbeat(in: batch)
                    let satisfied = buffer.withLock {
                        $0.committed(through: through, batch: batch.count, duplicateExecutions: duplicates,
                                     latestHeartbeat: heartbeat)
                    }
                    for waiter in satisfied { waiter.resume() }
                } catch {
                    let (failure, waiters) = buffer.withLock { $0.fail(batch: batch.count, reason: "\(error)") }
                    for waiter in waiters { waiter.resume(throwing: failure) }
                    for exit in buffer.withLock({ $0.stopWriter() }) { exit.resume() }
                    throw failure
                }
            }
        }
    }

    /// Suspends until a batch is due, the journal closes or the task is cancelled.
    /// The time of the last heartbeat in a batch (entries are in the order recorded).
    private static func latestHeartbeat(in batch: [JournalEntry]) -> Int64? {
        // The run loop's heartbeats, on the run's clock (the watchdog's own are on the wall clock).
        for entry in batch.reversed() {
            if case .heartbeat(let heartbeat) = entry, heartbeat.component != .watchdog { return heartbeat.at }
        }
        return nil
    }

    private func parkUntilWork() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (writer: CheckedContinuation<Void, Never>) in
                if buffer.withLock({ $0.park(writer, cancelled: Task.isCancelled) }) { writer.resume() }
            }
        } onCancel: {
            buffer.withLock { $0.takeParkedWriter() }?.resume()
        }
    }

    /// Commits one batch in one transaction; returns how many executions were duplicates.
    private func commit(_ batch: [JournalEntry]) async throws -> Int {
        if !Task.isCancelled {
            do {
                return try await pool.write { db in try JournalBatchWriter(db).write(batch) }
            } catch  where Task.isCancelled {
                // The cancellation interrupted the transaction, which rolled back: commit it below.
            }
        }
        // Shutting down: the last batch must still reach the disk, so it is written without the
        // (cancelled) task's interruption.
        return try commitBlocking(batch)
    }

    /// The same commit, blocking the calling thread: used once, at shutdown.
    private func commitBlocking(_ batch: [JournalEntry]) throws -> Int {
        try pool.write { db in try JournalBatchWriter(db).write(batch) }
    }
}
