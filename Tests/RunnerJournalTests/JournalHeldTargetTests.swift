import Foundation
import GRDB
import RunnerCore
import Testing

@testable import RunnerJournal

/// Targets held by a rebalance band or a minimum order have a table of their own, never `signals` or `decisions`.
@Suite struct JournalHeldTargetTests {
    @Test func heldTargetsReadBackAsRecordedAndStayOutOfSignalsAndDecisions() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        var short = Sample.target
        (short.side, short.size, short.referencePrice, short.stopDistance) = (.short, 83, 120.25, nil)
        let held = [
            HeldTarget(target: Sample.target, currentSize: 95, reason: .withinBand),
            HeldTarget(target: short, currentSize: -80, reason: .belowMinimum),
        ]
        let journal = try folder.open()
        try await withWriter(journal) { journal in
            for row in held { journal.record(.heldTarget(row)) }
            try await journal.flush()
            #expect(try journal.heldTargets() == held)
            let counts = try journal.counts()
            #expect(counts.heldTargets == 2)
            #expect(counts.signals == 0 && counts.decisions == 0)
            let reasons = try journal.read { reader in
                try String.fetchAll(reader.db, sql: "SELECT reason FROM held_targets ORDER BY id")
            }
            #expect(reasons == ["within_band", "below_minimum"])
        }
    }

    @Test func aJournalOfAnEarlierVersionGainsTheTableWhenOpened() throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(at: folder.root, withIntermediateDirectories: true)
        let path = folder.root.appendingPathComponent("old.sqlite").path
        // The journal as the migrations before this one left it.
        let queue = try DatabaseQueue(path: path)
        var migrator = JournalSchema.migrator
        try migrator.migrate(queue, upTo: "v6: an alert's kind and environment")
        #expect(try queue.read { try $0.tableExists("held_targets") } == false)
        migrator = JournalSchema.migrator
        try migrator.migrate(queue)
        #expect(try queue.read { try $0.tableExists("held_targets") })
        try queue.close()
    }
}
