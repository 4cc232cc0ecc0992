import RunnerCore
import ServiceLifecycle

/// The run loop as a service: events from the source through the engine, commands between events, until
/// the data ends or a graceful shutdown (SIGINT, SIGTERM). The journal's service, started before it,
/// stops after it, so everything recorded is committed.
public final class EngineService: Service {
    /// What the loop works with, made inside the service's task so it never crosses tasks.
    public struct Parts {
        public var engine: TradingEngine
        public var source: any EngineEventSource
        /// Runs before the first event (a restart after a crash rebuilds the run here); returns a note.
        public var prepare: ((TradingEngine) async throws -> String?)?
        /// The bad input the source skipped, for the summary: how many and the first reports.
        public var problems: () -> (total: Int, reports: [String])
        /// The heartbeats of the components in the loop; nil sends none.
        public var heartbeats: HeartbeatEmitter?
        /// Work the loop does between events, on the run's clock (reconciliation): called after each event
        /// and once after the last, with the engine between decisions.
        public var between: ((TradingEngine) async -> Void)?
        /// Work that must come before the next event is handled (a broker that reconnected: its open orders
        /// are dealt with before anything new can be sent).
        public var before: ((TradingEngine) async -> Void)?

        public init(engine: TradingEngine, source: any EngineEventSource,
                    prepare: ((TradingEngine) async throws -> String?)? = nil,
                    problems: @escaping () -> (total: Int, reports: [String]) = { (0, []) },
                    heartbeats: HeartbeatEmitter? = nil) {
            self.engine = engine
            self.source = source
            self.prepare = prepare
            self.problems = problems
            self.heartbeats = heartbeats
        }
    }

    /// How the loop reports and waits.
    public struct Settings: Sendable {
        /// A status line every this many bars (0: none).
        public var progressEvery: Int
        /// Paces a replay at a multiple of real time; nil runs as fast as it can.
        public var speed: ReplayPacer?
        /// How long a live source is read for the broker's last reports once trading stopped.
        public var drainAfterStop: Duration = .seconds(2)
        public var progress: @Sendable (RunProgress) -> Void
        /// Waits while the journal is behind, so memory stays flat.
        public var backpressure: @Sendable () async -> Void
        /// Called once the loop ended and the engine stopped trading (commit the journal, mark the run finished).
        public var finished: @Sendable (_ lastEventTime: Int64, _ dataDigest: String) async throws -> Void

        public init(progressEvery: Int, speed: ReplayPacer?, progress: @escaping @Sendable (RunProgress) -> Void,
                    backpressure: @escaping @Sendable () async -> Void,
                    finished: @escaping @Sendable (Int64, String) async throws -> Void) {
            self.progressEvery = progressEvery
            self.speed = speed
            self.progress = progress
            self.backpressure = backpressure
            self.finished = finished
        }
    }

    /// What the run did; nil until the service ends.
    public struct Outcome: Sendable {
        public var summary: RunSummary
        public var skippedRows: Int
        public var reports: [String]
    }

    private let make: @Sendable () throws -> Parts
    private let settings: Settings
    private let outcome = OutcomeBox()
    /// Where commands from other processes reach the engine once it runs.
    public let inbox: CommandInbox

    public init(inbox: CommandInbox, settings: Settings, make: @escaping @Sendable () throws -> Parts) {
        self.inbox = inbox
        self.settings = settings
        self.make = make
    }

    public var result: Outcome? { outcome.value }

    public func run() async throws {
        defer { inbox.close() }
        let parts = try make()
        let engine = parts.engine
        if let note = try await parts.prepare?(engine) {
            engine.book.summary.resumed = note
            settings.progress(.note(note))
        }
        var pacer = settings.speed
        let started = ContinuousClock.now
        var interrupted = false
        var sourceFailure: (any Error)?
        while true {
            let next: EngineEvent?
            do {
                next = try await parts.source.next()
            } catch {
                // Bad data (a row the policy says to stop at) is not a crash: the run stops as it would on
                // a signal, is marked finished, and the next run starts afresh instead of resuming it.
                sourceFailure = error
                break
            }
            guard let event = next else { break }
            if case .advance(let timestamp) = event, pacer != nil,
               try await wait(until: timestamp, pacer: &pacer, started: started, engine: engine,
                              heartbeats: parts.heartbeats)
            {
                interrupted = true
                break
            }
            await parts.before?(engine)
            await engine.handle(event)
            parts.heartbeats?.tick(now: engine.time.nowMilliseconds, engine: engine)
            if Self.takesCommands(after: event) { await parts.between?(engine) }
            if Self.takesCommands(after: event), inbox.hasCommands { await engine.applyCommands() }
            guard case .bar = event else {
                // Live, events other than bars are most of them (idle every second): a shutdown is heard at once.
                if Task.isShuttingDownGracefully || Task.isCancelled {
                    interrupted = true
                    break
                }
                continue
            }
            let bars = engine.summary.bars
            if settings.progressEvery > 0, bars % settings.progressEvery == 0 { settings.progress(.status(engine.statusLine)) }
            // Checking once per 256 bars keeps the check off the per-bar cost.
            if bars & 255 == 0 {
                await settings.backpressure()
                // Let the signal handler run even on one core, then look for a shutdown.
                await Task.yield()
                // A cancelled group (the journal writer failed) stops trading as a shutdown does.
                if Task.isShuttingDownGracefully || Task.isCancelled {
                    interrupted = true
                    break
                }
            }
        }
        // The loop is over: a command arriving now is answered "stopping", never applied after the end.
        inbox.close()
        if let sourceFailure {
            await engine.interrupt(because: "the market data stopped the run: \(sourceFailure)")
        } else if interrupted || Task.isShuttingDownGracefully || Task.isCancelled {
            await engine.interrupt()
        } else {
            await engine.finish()
        }
        // Live, the broker may still report on orders the stop just cancelled (a fill racing its cancel):
        // what comes within a bound is booked, so the journal holds every execution the broker made.
        if let live = parts.source as? any DrainingEventSource {
            let late = await live.drain(for: settings.drainAfterStop)
            for event in late { await engine.handle(event) }
            if !late.isEmpty { engine.close() }
        }
        parts.heartbeats?.stop(now: engine.time.nowMilliseconds, engine: engine)
        try await settings.finished(engine.time.nowMilliseconds, engine.dataDigest.text)
        let problems = parts.problems()
        outcome.set(Outcome(summary: engine.summary, skippedRows: problems.total, reports: problems.reports))
        if let sourceFailure { throw sourceFailure }
    }

    /// Whether commands may be applied after `event`: never between a bar's fills and the bar, so a
    /// flatten sees every fill the venue made.
    public static func takesCommands(after event: EngineEvent) -> Bool {
        if case .execution = event { return false }
        return true
    }

    /// Waits until the time `timestamp` is due at the replay's speed, in short steps so a shutdown is heard
    /// and commands are applied while it waits; returns true when a shutdown came.
    private func wait(until timestamp: Int64, pacer: inout ReplayPacer?, started: ContinuousClock.Instant,
                      engine: TradingEngine, heartbeats: HeartbeatEmitter?) async throws -> Bool {
        var wait = pacer?.delay(before: timestamp, elapsed: ContinuousClock.now - started) ?? .zero
        while wait > .zero {
            let step = min(wait, .milliseconds(100))
            try await Task.sleep(for: step)
            wait -= step
            if inbox.hasCommands { await engine.applyCommands() }
            heartbeats?.idle(now: engine.time.nowMilliseconds, engine: engine)
            if Task.isShuttingDownGracefully { return true }
        }
        return false
    }
}

import Synchronization

/// The outcome, written once by the service's task and read by the caller after the group ends.
private final class OutcomeBox: Sendable {
    private let stored = Locked<EngineService.Outcome?>(nil)
    var value: EngineService.Outcome? { stored.withLock { $0 } }
    func set(_ outcome: EngineService.Outcome) { stored.withLock { $0 = outcome } }
}
