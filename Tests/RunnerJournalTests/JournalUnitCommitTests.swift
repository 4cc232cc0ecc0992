import Testing

@testable import RunnerJournal

/// Once a `progress` entry has been recorded, the writer commits whole units (up to the last `progress`),
/// so a crash never leaves half a bar in the journal; a flush still commits everything.
@Suite struct JournalUnitCommitTests {
    private func heartbeat(_ at: Int64) -> JournalEntry { .heartbeat(journalTestHeartbeat(.signalEngine, at: at)) }

    @Test func theWriterCommitsUpToTheLastProgressAndLeavesTheRestWaiting() {
        var buffer = JournalBuffer(path: "/tmp/journal.sqlite", batchSize: 3, capacity: 100)
        _ = buffer.append(heartbeat(1))
        _ = buffer.append(heartbeat(2))
        _ = buffer.append(.progress(lastBarTimestamp: 2))
        _ = buffer.append(heartbeat(3))
        _ = buffer.append(heartbeat(4))
        guard case .write(let unit, let through) = buffer.takeBatch(cancelled: false) else {
            Issue.record("a whole unit of three entries is due")
            return
        }
        #expect(unit.count == 3 && through == 3)
        if case .progress(let last, _) = unit.last { #expect(last == 2) } else { Issue.record("the unit ends with its progress") }
        _ = buffer.committed(through: through, batch: unit.count, duplicateExecutions: 0)
        // The two entries of the unfinished bar are not due, even at the batch interval.
        _ = buffer.tick()
        guard case .idle = buffer.takeBatch(cancelled: false) else {
            Issue.record("half a unit is never committed by the writer on its own")
            return
        }
        _ = buffer.append(.progress(lastBarTimestamp: 4))
        _ = buffer.tick()
        guard case .write(let next, let nextThrough) = buffer.takeBatch(cancelled: false) else {
            Issue.record("the unit is whole once its progress arrives")
            return
        }
        #expect(next.count == 3 && nextThrough == 6)
    }

    @Test func aCancelledWriterCommitsWholeUnitsAndLeavesHalfAUnit() {
        var buffer = JournalBuffer(path: "/tmp/journal.sqlite", batchSize: 10, capacity: 100)
        _ = buffer.append(.progress(lastBarTimestamp: 1))
        _ = buffer.append(heartbeat(2))
        #expect(buffer.immediateFlushResult() == nil)
        // The owner failed and cancelled the writer: the whole unit goes in, half a unit never does.
        guard case .write(let unit, let through) = buffer.takeBatch(cancelled: true) else {
            Issue.record("the whole unit is committed")
            return
        }
        #expect(unit.count == 1 && through == 1)
        guard case .finish = buffer.takeBatch(cancelled: true) else {
            Issue.record("half a unit is left out")
            return
        }
    }

    @Test func aJournalInUnitsFromTheStartCommitsNothingBeforeTheFirstProgress() {
        var buffer = JournalBuffer(path: "/tmp/journal.sqlite", batchSize: 1, capacity: 100, commitsUnits: true)
        _ = buffer.append(heartbeat(1))
        _ = buffer.tick()
        guard case .idle = buffer.takeBatch(cancelled: false) else {
            Issue.record("no unit is whole yet")
            return
        }
        _ = buffer.append(.progress(lastBarTimestamp: 1))
        guard case .write(let unit, _) = buffer.takeBatch(cancelled: false) else {
            Issue.record("the first unit is whole")
            return
        }
        #expect(unit.count == 2)
    }
}
