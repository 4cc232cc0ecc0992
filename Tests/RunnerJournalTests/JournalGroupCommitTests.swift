import Foundation
import RunnerCore
import Testing

@testable import RunnerJournal

@Suite struct JournalGroupCommitTests {
    @Test func oneHundredThousandEntriesAreAllCommittedInFewBatches() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        try await withWriter(journal) { journal in
            for index in 0..<100_000 {
                switch index % 4 {
                case 0: journal.record(.signal(Sample.target))
                case 1: journal.record(.heartbeat(journalTestHeartbeat(.signalEngine, at: Int64(index))))
                case 2: journal.record(.execution(Sample.fill("exec-\(index)", order: "order-\(index % 50)")))
                default: journal.record(.progress(lastBarTimestamp: Int64(index)))
                }
            }
            try await journal.flush()

            let counts = try journal.counts()
            #expect(counts.signals == 25_000)
            #expect(counts.heartbeats == 25_000)
            #expect(counts.executions == 25_000)
            #expect(try journal.lastBarTimestamp() == 99_999)
            let statistics = journal.statistics
            #expect(statistics.recorded == 100_000 && statistics.committed == 100_000)
            #expect(statistics.pending == 0 && statistics.spilled == 0 && statistics.refused == 0)
            // Only a full batch (1,000 entries or more) or the flush commits: group commit, not one per entry.
            #expect(statistics.batches <= 101)
            #expect(statistics.largestBatch >= 1_000)
        }
    }

    @Test func recordNeverWaitsAndAFullBufferSpillsInsteadOfDropping() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        // No writer is running: record can only append, and the buffer goes past its capacity.
        for index in 0..<150_000 {
            journal.record(.heartbeat(journalTestHeartbeat(.signalEngine, at: Int64(index))))
        }
        #expect(journal.statistics.pending == 150_000)
        #expect(journal.statistics.spilled == 50_000)
        try await withWriter(journal) { journal in
            try await journal.flush()
            #expect(try journal.counts().heartbeats == 150_000)
            #expect(journal.statistics.refused == 0)
        }
    }

    @Test func theBatchIntervalCommitsWithoutAFlush() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open(SQLiteJournal.Configuration(batchSize: 1_000, maximumDelay: .milliseconds(5)))
        try await withWriter(journal) { journal in
            journal.record(.alert(level: "info", message: "replay started", at: 0))
            // Fewer entries than a batch: only the interval can commit them. This polls the writer's
            // progress; it asserts no duration. The bound is generous: when the whole suite runs, tests that
            // replay synchronously can hold the cooperative pool's threads for tens of seconds on two cores.
            let deadline = ContinuousClock.now + .seconds(300)
            while journal.statistics.committed < 1, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(1))
            }
            #expect(journal.statistics.committed == 1)
            #expect(try journal.alerts().map(\.message) == ["replay started"])
        }
    }

    @Test func entriesRecordedAfterCloseAreReportedNotSilentlyDropped() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        try await withWriter(journal) { journal in journal.record(.heartbeat(journalTestHeartbeat(.riskGate, at: 1))) }
        journal.record(.heartbeat(journalTestHeartbeat(.riskGate, at: 2)))
        #expect(journal.statistics.refused == 1)
        await #expect(throws: JournalError.closed(path: folder.path, unwritten: 1)) { try await journal.flush() }
        #expect(try folder.open().counts().heartbeats == 1)
    }

    @Test func aCancelledWriterCommitsWhatIsBufferedBeforeItReturns() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        let writer = Task { try await journal.run() }
        for index in 0..<10 {
            journal.record(.heartbeat(journalTestHeartbeat(.router, at: Int64(index))))
        }
        writer.cancel()
        try await writer.value
        #expect(try journal.counts().heartbeats == 10)
        #expect(journal.statistics.pending == 0)
        try await journal.close()
    }

    @Test func flushReturnsAtOnceWhenNothingWaits() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        try await journal.flush()  // no writer needed: nothing was recorded
        try await journal.close()
    }

    @Test func runningTheWriterTwiceIsRefused() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        try await withWriter(journal) { journal in
            journal.record(.heartbeat(journalTestHeartbeat(.riskGate, at: 1)))
            try await journal.flush()  // the first writer is running by now
            await #expect(throws: JournalError.writerAlreadyStarted(path: folder.path)) { try await journal.run() }
        }
    }

    @Test func anInvalidConfigurationIsRefusedWithItsFigures() throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let error = #expect(throws: JournalError.self) {
            try folder.open(SQLiteJournal.Configuration(batchSize: 5_000, capacity: 1_000))
        }
        #expect(error?.description.contains("batch size (5000)") == true)
        #expect(error?.description.contains("capacity (1000)") == true)
    }
}
