import Foundation
import GRDB
#if canImport(GRDBSQLite)
    import GRDBSQLite  // GRDB's own SQLite module under SwiftPM
#else
    import SQLite3
#endif

/// The batch's prepared statements, each looked up in GRDB's cache once per batch rather than per row.
final class StatementCache {
    private let db: Database
    private var statements: [Statement?] = Array(repeating: nil, count: JournalBatchWriter.Query.allCases.count)

    init(_ db: Database) { self.db = db }

    /// A row to bind for `query`.
    func row(_ query: JournalBatchWriter.Query) throws -> BoundRow {
        if let statement = statements[query.rawValue] { return BoundRow(statement) }
        let statement = try db.cachedStatement(sql: query.sql)
        statements[query.rawValue] = statement
        return BoundRow(statement)
    }
}

/// One execution of a prepared statement: values bound in parameter order, then run.
///
/// Through the SQLite C interface on GRDB's own statement, as GRDB's documentation allows for raw
/// access: its per-statement bookkeeping (argument validation, observation hooks, suspension checks)
/// cost the writer, the replay's bottleneck, a tenth of its time. The journal has no transaction
/// observers, so nothing misses these inserts; a failed step throws and the batch's transaction rolls
/// back as before. Values are bound with their own types, no `StatementArguments` of existentials.
struct BoundRow {
    let statement: Statement
    private var index: CInt = 0

    init(_ statement: Statement) {
        self.statement = statement
        // The previous row's step ended in SQLITE_DONE: make the statement runnable and unbound again.
        sqlite3_reset(statement.sqliteStatement)
        sqlite3_clear_bindings(statement.sqliteStatement)
    }

    mutating func bind(_ value: some StatementBinding) throws {
        index += 1
        try check(value.bind(to: statement.sqliteStatement, at: index))
    }

    mutating func bind(_ value: (some DatabaseValueConvertible)?) throws {
        if let value { try bind(value) } else { try bind(DatabaseValue.null) }
    }

    /// Text straight from the string's UTF-8, up to its first NUL as GRDB's C-string binding stores it,
    /// without the C string copy GRDB makes of every short string.
    mutating func bind(_ text: String) throws {
        index += 1
        var text = text
        let code = text.withUTF8 { utf8 -> CInt in
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                return sqlite3_bind_text(statement.sqliteStatement, index, "", 0, transient)
            }
            let length = memchr(base, 0, utf8.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? utf8.count
            return base.withMemoryRebound(to: CChar.self, capacity: length) { characters in
                sqlite3_bind_text(statement.sqliteStatement, index, characters, CInt(length), transient)
            }
        }
        try check(code)
    }

    mutating func bind(_ text: String?) throws {
        if let text { try bind(text) } else { try bind(DatabaseValue.null) }
    }

    private func check(_ code: CInt) throws {
        guard code == ResultCode.SQLITE_OK.rawValue else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "binding parameter \(index)",
                                sql: statement.sql)
        }
    }

    /// SQLite copies the text before the call returns (`SQLITE_TRANSIENT`).
    private var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }

    /// Runs the insert (these statements return no rows).
    func execute() throws {
        let code = sqlite3_step(statement.sqliteStatement)
        guard code == SQLITE_DONE else {
            let connection = sqlite3_db_handle(statement.sqliteStatement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: connection.map { String(cString: sqlite3_errmsg($0)) }, sql: statement.sql)
        }
    }
}
