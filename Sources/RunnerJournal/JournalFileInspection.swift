import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What lies at a journal's path before a run opens, resumes or replaces it.
///
/// `runner run --fresh` removes only a file this says is a journal, so a misconfigured path can never
/// cost a user a folder, a config file or a database of their own.
public enum JournalFileInspection: Sendable, Hashable {
    /// Nothing is there: a new journal may be created.
    case absent
    /// A journal written by `runner run`: SQLite, with the journal's migrations applied and a run record.
    case journal(JournaledRun)
    /// Something else; the text says what, for an error message ("a folder", "not a SQLite database").
    case foreign(String)
}

extension SQLiteJournal {
    /// The SQLite file header every database starts with.
    private static let sqliteMagic = Array("SQLite format 3\0".utf8)
    /// The migrations that make a database a journal with a run record (see `JournalSchema`).
    private static let requiredMigrations: Set<String> = ["v1: journal tables", "v2: the run a journal belongs to"]

    /// Looks at `path` without changing anything there: no migration runs, nothing is created or removed
    /// (a symbolic link is not followed).
    public static func inspect(path: String) -> JournalFileInspection {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            switch errno {
            case ENOENT: return .absent
            case ENOTDIR: return .foreign("a path through a file that is not a folder")
            default: return .foreign("a path that cannot be inspected (\(String(cString: strerror(errno))))")
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .foreign("a folder")
        case S_IFLNK: return .foreign("a symbolic link")
        default: return .foreign("not a regular file")
        }
        guard info.st_size > 0 else { return .foreign("an empty file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .foreign("a file that cannot be read") }
        let header = (try? handle.read(upToCount: sqliteMagic.count)).map(Array.init) ?? []
        try? handle.close()
        guard header == sqliteMagic else { return .foreign("not a SQLite database") }
        do {
            var configuration = GRDB.Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                guard try db.tableExists("grdb_migrations") else { return .foreign("a SQLite database but not a journal") }
                let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
                guard requiredMigrations.isSubset(of: applied), try db.tableExists("run") else {
                    return .foreign("a SQLite database without the journal's tables")
                }
                guard let run = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = 1") else {
                    return .foreign("a journal without a run record")
                }
                return .journal(JournaledRun(environment: run["environment"], fingerprint: run["fingerprint"],
                                             startedAt: run["started_at"], finishedAt: run["finished_at"]))
            }
        } catch {
            return .foreign("a SQLite database that cannot be read as a journal (\(error))")
        }
    }

    /// Removes the journal at `path` and its write-ahead log, only when ``inspect(path:)`` finds a journal
    /// of `environment`; throws, touching nothing, otherwise.
    public static func removeOwnJournal(at path: String, environment: String) throws(JournalError) {
        switch inspect(path: path) {
        case .absent: return
        case .foreign(let what): throw .notAJournal(path: path, found: what)
        case .journal(let run):
            guard run.environment == environment else {
                throw .notAJournal(path: path, found: "the journal of environment '\(run.environment)'")
            }
        }
        for suffix in ["", "-wal", "-shm"] {
            guard unlink(path + suffix) == 0 || errno == ENOENT else {
                throw .openFailed(path: path + suffix, reason: "it cannot be removed: \(String(cString: strerror(errno)))")
            }
        }
    }
}
