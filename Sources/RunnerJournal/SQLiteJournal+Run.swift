import GRDB

/// The run a journal belongs to, so a restart knows whether to resume it.
public struct JournaledRun: Sendable, Hashable {
    /// The environment that ran.
    public var environment: String
    /// What the configuration and data looked like when the run began (the owner decides what goes in);
    /// a restart with a different fingerprint must not resume this journal.
    public var fingerprint: String
    /// Wall-clock milliseconds since the epoch.
    public var startedAt: Int64
    /// Set when the run ended on its own or by SIGINT/SIGTERM; nil after a crash: the run can be resumed.
    public var finishedAt: Int64?
}

extension SQLiteJournal {
    /// Records that a run begins in this (new) journal; keeps the existing record of a resumed one.
    public func beginRun(environment: String, fingerprint: String, at milliseconds: Int64) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO run (id, environment, fingerprint, started_at) VALUES (1, ?, ?, ?)",
                arguments: [environment, fingerprint, milliseconds])
        }
    }

    /// Marks the run finished: a later `runner run` starts a new journal instead of resuming. Call after
    /// ``flush()``, so everything recorded is in before the mark.
    public func finishRun(at milliseconds: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE run SET finished_at = ? WHERE id = 1", arguments: [milliseconds])
        }
    }

    /// A run against a real broker continues its journal, never replaces it: the record is marked running
    /// again (the fingerprint becomes this run's) and everything journaled before stays.
    public func continueRun(fingerprint: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE run SET finished_at = NULL, fingerprint = ? WHERE id = 1", arguments: [fingerprint])
        }
    }

    /// The run this journal belongs to; nil for a journal written before runs were recorded, or by
    /// something other than `runner run`.
    public func runRecord() throws -> JournaledRun? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = 1").map { row in
                JournaledRun(environment: row["environment"], fingerprint: row["fingerprint"],
                             startedAt: row["started_at"], finishedAt: row["finished_at"])
            }
        }
    }
}
