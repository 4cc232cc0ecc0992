import Foundation
import GRDB
import RunnerCore
import Testing

@testable import RunnerJournal

/// A journal written when execution prices and average costs were REAL is brought to decimal text in place.
@Suite struct JournalDecimalMigrationTests {
    @Test func anOldJournalsPricesAndAverageCostsBecomeTheDigitsTheyPrintAs() throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: folder.path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        do {
            let old = try DatabaseQueue(path: folder.path)
            try JournalSchema.migrator.migrate(old, upTo: "v2: the run a journal belongs to")
            try old.write { db in
                let insert = """
                    INSERT INTO executions (execution_id, client_order_id, symbol, side, quantity, price, fee, timestamp)
                    VALUES (?, ?, 'AAPL', 'buy', 100, ?, '0.56', 60000)
                    """
                try db.execute(sql: insert, arguments: ["e1", "o1", 56.30624999999999])
                try db.execute(sql: insert, arguments: ["e2", "o2", 187.31])
                try db.execute(sql: insert, arguments: ["e3", "o3", nil as Double?])
                try db.execute(sql: "INSERT INTO positions VALUES ('AAPL', 200, ?, 60000)", arguments: [121.80812499999999])
            }
            try old.close()
        }

        let journal = try folder.open()
        let executions = try journal.executions()
        #expect(executions.map(\.executionID) == ["e1", "e2", "e3"])
        #expect(executions[0].price == decimal("56.30624999999999"))
        #expect(executions[1].price == decimal("187.31"))
        #expect(executions[2].price.isNaN)
        #expect(executions.map(\.fee) == [decimal("0.56"), decimal("0.56"), decimal("0.56")])
        #expect(try journal.positions().map(\.averageCost) == [decimal("121.80812499999999")])
        let types = try journal.read { reader in
            try String.fetchAll(reader.db, sql: "SELECT typeof(price) FROM executions ORDER BY id")
                + String.fetchAll(reader.db, sql: "SELECT typeof(average_cost) FROM positions")
        }
        #expect(types == ["text", "text", "null", "text"])
        let indexes = try journal.read { reader in
            try String.fetchAll(
                reader.db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'executions' AND sql IS NOT NULL")
        }
        #expect(indexes == ["executions_by_order"])
    }
}
