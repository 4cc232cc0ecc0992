import Foundation
import GRDB
import RunnerCore
import Testing

@testable import RunnerJournal

/// An alert raised through an `AlertRaising` keeps its kind and environment; older rows and the engine's
/// own alerts have neither.
@Suite struct JournalAlertKindTests {
    @Test func anOperatorAlertReadsBackWithItsKindAndEnvironment() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        let alert = OperatorAlert(
            kind: .clock, severity: .warning, message: "the clock is 310 ms off",
            environment: "paper", at: 70_000)
        try await withWriter(journal) { journal in
            journal.record(.alert(level: "info", message: "replay started", at: 69_000))
            journal.record(.operatorAlert(alert))
            try await journal.flush()
            #expect(
                try journal.alerts() == [
                    JournaledAlert(level: "info", message: "replay started", at: 69_000),
                    JournaledAlert(
                        level: "warning", message: "the clock is 310 ms off", at: 70_000, kind: .clock,
                        environment: "paper"),
                ])
        }
    }

    @Test func aJournalWrittenBeforeTheKindWasKeptIsMigratedAndReadsItsAlerts() throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: folder.path).deletingLastPathComponent().path,
            withIntermediateDirectories: true)
        do {
            let old = try DatabaseQueue(path: folder.path)
            try JournalSchema.migrator.migrate(old, upTo: "v4: the market data's digest at the progress mark")
            try old.write { db in
                try db.execute(sql: "INSERT INTO alerts (level, message, at) VALUES ('critical', 'halted', 5000)")
            }
            try old.close()
        }
        let journal = try folder.open()
        #expect(try journal.alerts() == [JournaledAlert(level: "critical", message: "halted", at: 5_000)])
    }

    @Test func aKindThisVersionDoesNotKnowIsRefusedByName() throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        let other = try DatabaseQueue(path: folder.path)
        try other.write { db in
            try db.execute(sql: "INSERT INTO alerts (level, message, at, kind) VALUES ('warning', 'x', 1, 'meteor')")
        }
        try other.close()
        let reopened = journal
        #expect(throws: JournalError.self) { try reopened.alerts() }
    }
}
