import GRDB
import RunnerCore

/// Reads the heartbeats a run commits to its journal, from another process, without writing anything:
/// what `runner watchdog` watches. The journal is in WAL mode, so reading never blocks the run's writer.
public final class HeartbeatTail {
    private let queue: DatabaseQueue
    /// The last row read: each read returns only newer rows.
    public private(set) var lastID: Int64 = 0

    /// Opens the journal at `path` read-only; throws when it is not there or not a journal.
    public init(path: String) throws(JournalError) {
        switch SQLiteJournal.inspect(path: path) {
        case .journal: break
        case .absent: throw .openFailed(path: path, reason: "no journal is there yet")
        case .foreign(let found): throw .notAJournal(path: path, found: found)
        }
        do {
            var configuration = GRDB.Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(1)
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .openFailed(path: path, reason: "\(error)")
        }
    }

    /// Heartbeats committed since the last read (at most `limit` per call), oldest first.
    public func next(limit: Int = 10_000) throws -> [Heartbeat] {
        let after = lastID
        let rows: [JournaledHeartbeat] = try queue.read { db in try JournalReader(db).heartbeats(after: after, limit: limit) }
        if let last = rows.last { lastID = last.id }
        return rows.map(\.heartbeat)
    }

    /// Skips every heartbeat committed so far (a watchdog judges what comes next, not an old run's history),
    /// returning the latest of each component among them.
    public func skipToEnd() throws -> [Heartbeat] {
        var latest: [Heartbeat.Component: Heartbeat] = [:]
        while true {
            let batch = try next()
            for heartbeat in batch { latest[heartbeat.component] = heartbeat }
            if batch.count < 10_000 { break }
        }
        return latest.keys.sorted().compactMap { latest[$0] }
    }

    public func close() { try? queue.close() }
}
