import RunnerCore
import Synchronization

/// Keeps entries in memory, in the order recorded: the test double for stages that journal, and the
/// journal of a replay that wants no file. `flush` has nothing to wait for.
public final class MemoryJournal: Journal {
    private let storage = Locked<[JournalEntry]>([])

    /// An empty journal.
    public init() {}

    /// Appends `entry`.
    public func record(_ entry: JournalEntry) {
        storage.withLock { $0.append(entry) }
    }

    /// Returns at once: every entry is already kept.
    public func flush() async throws {}

    /// Every entry recorded so far, in order.
    public var entries: [JournalEntry] { storage.withLock { $0 } }
}
