import Testing

@testable import RunnerJournal

/// The buffer's state machine on its own: no database, no writer task.
@Suite struct JournalBufferTests {
    private let path = "/var/runner/journal.sqlite"

    private func heartbeat(_ at: Int64) -> JournalEntry { .heartbeat(journalTestHeartbeat(.signalEngine, at: at)) }

    /// How a flush called now would end without waiting: `wait` when it has to wait for the writer.
    private func flushOutcome(_ buffer: JournalBuffer) -> String {
        switch buffer.immediateFlushResult() {
        case .success: "done"
        case .failure(let error): error.description
        case nil: "wait"
        }
    }

    @Test func aBatchIsDueOnlyWhenFullFlushedTickedOrClosing() {
        var buffer = JournalBuffer(path: path, batchSize: 3, capacity: 10)
        _ = buffer.append(heartbeat(1))
        _ = buffer.append(heartbeat(2))
        guard case .idle = buffer.takeBatch(cancelled: false) else {
            Issue.record("two entries under a batch of three are not due yet")
            return
        }
        _ = buffer.tick()
        guard case .write(let ticked, let through) = buffer.takeBatch(cancelled: false) else {
            Issue.record("the batch interval makes waiting entries due")
            return
        }
        #expect(ticked.count == 2 && through == 2)
        for at: Int64 in 3...5 { _ = buffer.append(heartbeat(at)) }
        guard case .write(let full, _) = buffer.takeBatch(cancelled: false) else {
            Issue.record("a full batch is due")
            return
        }
        #expect(full.count == 3)
        guard case .finish = buffer.takeBatch(cancelled: true) else {
            Issue.record("a cancelled writer with nothing left finishes")
            return
        }
    }

    @Test func entriesBeyondTheCapacitySpillAndAreStillWritten() {
        var buffer = JournalBuffer(path: path, batchSize: 2, capacity: 4)
        for at in 0..<7 { _ = buffer.append(heartbeat(Int64(at))) }
        #expect(buffer.statistics.spilled == 3)
        #expect(buffer.statistics.refused == 0)
        guard case .write(let batch, let through) = buffer.takeBatch(cancelled: false) else {
            Issue.record("a full buffer is due")
            return
        }
        #expect(batch.count == 7 && through == 7)
        _ = buffer.committed(through: through, batch: batch.count, duplicateExecutions: 0)
        #expect(buffer.statistics.committed == 7 && buffer.statistics.largestBatch == 7)
    }

    @Test func afterAFailedCommitEntriesAreRefusedAndEveryFlushReportsTheFailure() {
        var buffer = JournalBuffer(path: path, batchSize: 2, capacity: 4)
        #expect(buffer.startWriter() == .started)
        for at in 0..<3 { _ = buffer.append(heartbeat(Int64(at))) }
        guard case .write(let batch, _) = buffer.takeBatch(cancelled: false) else {
            Issue.record("a full batch is due")
            return
        }
        _ = buffer.append(heartbeat(3))
        let (failure, waiters) = buffer.fail(batch: batch.count, reason: "disk I/O error")
        #expect(waiters.isEmpty)
        #expect(failure == .writeFailed(path: path, batch: 3, unwritten: 4, reason: "disk I/O error"))
        #expect(
            failure.description == """
                the journal at /var/runner/journal.sqlite could not commit a batch of 3 entries (disk I/O error); \
                the writer stopped and 4 recorded entries are not in the journal
                """)
        _ = buffer.append(heartbeat(4))
        #expect(buffer.statistics.refused == 2)  // the one waiting when the commit failed, and the later one
        #expect(flushOutcome(buffer) == failure.description)
        #expect(buffer.startWriter() == .failed(failure))
    }

    @Test func aFlushWaitsForEntriesAndNotOnceTheyAreCommitted() {
        var buffer = JournalBuffer(path: path, batchSize: 10, capacity: 10)
        #expect(flushOutcome(buffer) == "done")
        _ = buffer.append(heartbeat(1))
        #expect(flushOutcome(buffer) == "wait")
    }
}
