/// What can go wrong with the journal, told in full sentences with the figures.
public enum JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database file could not be opened, created or migrated.
    case openFailed(path: String, reason: String)
    /// A configuration figure is out of range.
    case invalidConfiguration(String)
    /// A batch could not be committed; the writer stopped. `unwritten` counts every entry recorded but
    /// not committed, the failed batch included.
    case writeFailed(path: String, batch: Int, unwritten: UInt64, reason: String)
    /// The writer is not running any more (its task ended or was cancelled) while entries still wait.
    case writerStopped(path: String, unwritten: UInt64)
    /// ``SQLiteJournal/run()`` was called while another call was running.
    case writerAlreadyStarted(path: String)
    /// Entries were recorded after ``SQLiteJournal/close()``; they are not in the journal.
    case closed(path: String, unwritten: UInt64)
    /// A trading state could not be committed by the trading-state store.
    case tradingStateNotSaved(path: String, mode: String, reason: String)
    /// The database could not be read.
    case readFailed(path: String, reason: String)
    /// A stored row holds a value the journal never writes (the file was edited or is from elsewhere).
    case unreadableRow(table: String, detail: String)
    /// The file at a journal's path is not a journal of this environment's runs; it was left as it is.
    case notAJournal(path: String, found: String)

    public var description: String {
        switch self {
        case .openFailed(let path, let reason):
            "the journal at \(path) could not be opened: \(reason)"
        case .invalidConfiguration(let message):
            "the journal configuration is invalid: \(message)"
        case .writeFailed(let path, let batch, let unwritten, let reason):
            "the journal at \(path) could not commit a batch of \(batch) entries (\(reason)); the writer stopped "
                + "and \(unwritten) recorded entries are not in the journal"
        case .writerStopped(let path, let unwritten):
            "the journal writer for \(path) has stopped with \(unwritten) recorded entries not yet committed; "
                + "close the journal to commit them"
        case .writerAlreadyStarted(let path):
            "the journal writer for \(path) is already running; run it once per journal"
        case .closed(let path, let unwritten):
            "the journal at \(path) is closed; \(unwritten) entries recorded after it closed are not in the journal"
        case .tradingStateNotSaved(let path, let mode, let reason):
            "the trading state \(mode) could not be saved to the journal at \(path): \(reason)"
        case .readFailed(let path, let reason):
            "the journal at \(path) could not be read: \(reason)"
        case .unreadableRow(let table, let detail):
            "the journal table \(table) holds a row the journal cannot read: \(detail)"
        case .notAJournal(let path, let found):
            "\(path) is \(found), not a journal this environment's runs wrote; the runner leaves it as it is "
                + "(point 'journal:' at another file, or move it away yourself)"
        }
    }
}
