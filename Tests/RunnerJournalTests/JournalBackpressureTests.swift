import Foundation
import RunnerCore
import Testing

@testable import RunnerJournal

/// A producer that outruns the writer waits between units of work for the buffer to drain below its
/// capacity, so memory stays bounded; `record` itself never waits, and without a writer nobody waits.
@Suite struct JournalBackpressureTests {
    @Test func aProducerWaitsForRoomWhileTheWriterCatchesUp() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open(SQLiteJournal.Configuration(batchSize: 64, capacity: 256, durableCommits: false))
        // No writer yet: nothing to wait for, however full.
        for index in 0..<1_000 { journal.record(.heartbeat(journalTestHeartbeat(.signalEngine, at: Int64(index)))) }
        #expect(!journal.isBehind)
        try await withWriter(journal) { journal in
            // The flush returns once the writer runs (and has committed what waited).
            try await journal.flush()
            var largestAfterWaiting = 0
            for round in 0..<50 {
                for index in 0..<500 {
                    journal.record(.heartbeat(journalTestHeartbeat(.signalEngine, at: Int64(round * 500 + index))))
                }
                journal.record(.progress(lastBarTimestamp: Int64(round)))
                await journal.waitForRoom()
                largestAfterWaiting = max(largestAfterWaiting, journal.statistics.pending)
            }
            #expect(largestAfterWaiting < 256)
            try await journal.flush()
            #expect(try journal.counts().heartbeats == 26_000)
        }
    }
}
