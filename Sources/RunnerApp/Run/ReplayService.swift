import Logging
import RunnerCore
import RunnerJournal
import RunnerSignals
import ServiceLifecycle
import Synchronization

/// The replay loop as a service: reads bars and runs them through every stage, as plain calls per bar.
/// On graceful shutdown (SIGINT, SIGTERM) it stops between bars and interrupts the run; the journal
/// service, started before it, stops after it, so everything recorded is committed.
final class ReplayService: Service {
    /// What the loop works with, made inside the service's task so it never crosses tasks.
    struct Parts {
        var run: PaperRun
        var source: CSVMarketDataSource
        /// Set when the run resumes a crashed one: what the journal committed, read before starting.
        var resumption: RunResumption?
    }

    private let make: @Sendable () throws -> Parts
    private let journal: SQLiteJournal
    private let progressEvery: Int
    /// `max`, or a multiple of real time such as `10x` (`market_data.speed`).
    private let speed: String
    private let progress: @Sendable (RunProgress) -> Void
    private let outcome = Mutex<(summary: RunSummary, skipped: Int, reports: [String])?>(nil)
    /// Wall-clock milliseconds, for the journal's record of when the run finished.
    private let wallClock: @Sendable () -> Int64

    init(journal: SQLiteJournal, progressEvery: Int, progress: @escaping @Sendable (RunProgress) -> Void,
         speed: String = "max", wallClock: @escaping @Sendable () -> Int64, make: @escaping @Sendable () throws -> Parts) {
        self.speed = speed
        self.wallClock = wallClock
        self.journal = journal
        self.progressEvery = progressEvery
        self.progress = progress
        self.make = make
    }

    /// Waits until `bar` is due at the configured speed, in short steps so a shutdown is heard at once;
    /// returns true when one was.
    private func pace(_ bar: Bar, with pacer: inout ReplayPacer?, since started: ContinuousClock.Instant) async throws
        -> Bool
    {
        var wait = pacer?.delay(before: bar.timestamp, elapsed: ContinuousClock.now - started) ?? .zero
        while wait > .zero {
            let step = min(wait, .milliseconds(100))
            try await Task.sleep(for: step)
            wait -= step
            if Task.isShuttingDownGracefully { return true }
        }
        return false
    }

    /// The run's summary, the bad rows skipped and their first reports; nil until the service ends.
    var result: (summary: RunSummary, skipped: Int, reports: [String])? { outcome.withLock { $0 } }

    func run() async throws {
        var parts = try make()
        var interrupted = false
        var pending: Bar?
        if let resumption = parts.resumption {
            let (next, report) = try resumption.resume(parts.run, source: &parts.source)
            parts.resumption = nil  // what the journal held is restored: not kept for the whole run
            parts.run.summary.resumed = report.description
            progress(.note(report.description))
            pending = next
        }
        let started = ContinuousClock.now
        var pacer = ReplayPacer(setting: speed)
        while let bar = try pending ?? parts.source.next() {
            pending = nil
            if pacer != nil, try await pace(bar, with: &pacer, since: started) {
                interrupted = true
                break
            }
            parts.run.process(bar)
            let bars = parts.run.summary.bars
            if progressEvery > 0, bars % progressEvery == 0 { progress(.status(parts.run.statusLine)) }
            // Checking once per 256 bars keeps the check off the per-bar cost.
            if bars & 255 == 0 {
                // The journal sets the pace when it is the slower: memory stays flat.
                await journal.waitForRoom()
                // Let the signal handler run even on one core, then look for a shutdown.
                await Task.yield()
                if Task.isShuttingDownGracefully {
                    interrupted = true
                    break
                }
            }
        }
        if interrupted || Task.isShuttingDownGracefully { await parts.run.interrupt() } else { parts.run.finish() }
        journal.record(.progress(lastBarTimestamp: parts.run.time.nowMilliseconds))
        try await journal.flush()
        // Ended on its own or by a signal, with working orders cancelled: the next run starts afresh.
        try await journal.finishRun(at: wallClock())
        let summary = parts.run.summary
        let problems = parts.source.problems
        outcome.withLock { $0 = (summary, problems.total, problems.reports.prefix(20).map(\.description)) }
    }
}

/// The journal's writer as a service: commits batches until graceful shutdown, then what is left.
struct JournalService: Service {
    let journal: SQLiteJournal

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await self.journal.run() }
    }
}
