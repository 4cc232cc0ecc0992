extension SQLiteJournal {
    /// Whether the buffer holds more than its capacity of entries the writer could commit, while it runs.
    /// (Entries of an unfinished unit do not count: only the producer can finish it.)
    public var isBehind: Bool {
        buffer.withLock { buffer in
            buffer.committable >= configuration.capacity && buffer.failure == nil && !buffer.closing
                && buffer.phase == .running
        }
    }

    /// Waits while the writer is behind (see ``isBehind``), so a producer that outruns the disk goes at
    /// the journal's pace instead of letting the buffer, and memory, grow without bound. `record` itself
    /// never waits: the producer calls this between units of work (the replay does, every 256 bars).
    public func waitForRoom() async {
        while isBehind {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
