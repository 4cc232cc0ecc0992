import RunnerBroker
import RunnerCore
import RunnerFeed

/// A live run's events: bars from a ``LiveBarFeed`` as they arrive, the broker's execution reports as they
/// happen, and the time on the feed's clock, merged into the one sequence the engine reads, so a live run
/// goes through the same engine as a replay.
///
/// Time moves on the bar grid as a replay's does (``BarArrivalPolicy``): `advance(T)` once the interval
/// ending at T closed; a slice due between bars gets its own `advance` when due. The run's clock is set to
/// the wall clock at every event. Late, duplicated and missing bars follow the policy and are told to
/// `notices`; so is a silent feed (``FeedSilence``), whose halt the composition root turns into a command.
/// With nothing to deliver for `idleEvery`, an ``EngineEvent/idle`` keeps heartbeats, commands and
/// reconciliation going.
///
/// A paper broker on a live feed is a simulated venue: each bar is shown to it first and its fills come
/// before the bar, as in a replay (its report stream is not read, so no fill arrives twice).
public final class LiveEventSource: EngineEventSource {
    public struct Settings: Sendable {
        /// Bar length and grace, in milliseconds (see ``BarArrivalPolicy``).
        public var interval: Int64
        public var grace: Int64
        /// Silence before an alert and before new risk stops, in milliseconds.
        public var silenceAlert: Int64
        public var silenceHalt: Int64
        /// How often the time is looked at between inputs.
        public var tick: Duration
        /// Milliseconds without an event before an ``EngineEvent/idle``.
        public var idleEvery: Int64
        /// The time follows the bars' own timestamps: from the first bar on, the run's time is that bar's
        /// end plus the wall time since it came (a file replayed at wall-clock speed through this path).
        /// Otherwise the time is the wall clock's.
        public var followsBars: Bool

        public init(interval: Int64, grace: Int64, silenceAlert: Int64, silenceHalt: Int64,
                    tick: Duration = .milliseconds(100), idleEvery: Int64 = 1_000, followsBars: Bool = false) {
            self.followsBars = followsBars
            self.interval = interval
            self.grace = grace
            self.silenceAlert = silenceAlert
            self.silenceHalt = silenceHalt
            self.tick = tick
            self.idleEvery = idleEvery
        }
    }

    /// What the source tells the composition root (to journal, alert, or halt).
    public enum Notice: Sendable, Hashable {
        case dropped(Bar, BarArrivalPolicy.Decision)
        case gap(Symbol, missing: Int64, before: Int64)
        case silence(FeedSilence.Action)
        /// The feed's own news: lost, restored, failed.
        case feed(FeedEvent)
    }

    private enum Input: Sendable {
        case feed(FeedEvent)
        case feedEnded
        case execution(ExecutionReport)
        case tick
    }

    private let feed: any LiveBarFeed
    private let executions: AsyncStream<ExecutionReport>?
    public var venue: (any SimulatedVenue)?
    private let clock: ManualTimeSource
    private let wallClock: any TimeSource
    private let settings: Settings
    private let notices: @Sendable (Notice) -> Void
    /// When the engine wants the time to advance between bars (a slice due).
    public var wakeUp: (() -> Int64?)?

    private var policy: BarArrivalPolicy
    private var silence: FeedSilence?
    private var queued: [EngineEvent] = []
    private var lastAdvance: Int64?
    private var lastEmitted: Int64 = 0
    private var feedEnded = false
    private var feedFailure: String?
    /// The feed's time minus the wall clock's: 0 on the wall clock; for a feed that sets the time, learnt
    /// from its first bar (nil until then, and nothing advances before it).
    private var offset: Int64?
    private var inputs: AsyncStream<Input>.Iterator?
    private var tasks: [Task<Void, Never>] = []

    public init(feed: any LiveBarFeed, executions: AsyncStream<ExecutionReport>?, venue: (any SimulatedVenue)?,
                clock: ManualTimeSource, wallClock: any TimeSource, settings: Settings,
                notices: @escaping @Sendable (Notice) -> Void) {
        self.feed = feed
        self.executions = executions
        self.venue = venue
        self.clock = clock
        self.wallClock = wallClock
        self.settings = settings
        self.notices = notices
        policy = BarArrivalPolicy(interval: settings.interval, grace: settings.grace)
        offset = settings.followsBars ? nil : 0
    }

    deinit { tasks.forEach { $0.cancel() } }

    /// Stops reading: the merged tasks end (the feed itself is stopped by whoever started it).
    public func close() { tasks.forEach { $0.cancel() } }

    public func next() async throws -> EngineEvent? {
        if inputs == nil { start() }
        while true {
            if !queued.isEmpty { return emit(queued.removeFirst()) }
            if let feedFailure { throw LiveFeedFailure(reason: feedFailure) }
            if feedEnded { return nil }
            guard let input = await inputs?.next() else { return nil }
            if offset == nil, case .feed(.bar(let bar)) = input {
                // The first bar sets the time: it is complete, so its interval has just ended.
                offset = bar.timestamp + settings.interval - wallClock.nowMilliseconds
                clock.set(bar.timestamp + settings.interval)
                // Silence is measured on the bars' time from now on.
                silence = FeedSilence(alertAfter: settings.silenceAlert, haltAfter: settings.silenceHalt,
                                      startedAt: clock.nowMilliseconds)
            }
            guard let offset else {
                // Before the first bar of a feed that sets the time: only its news and its silence count.
                take(input, now: wallClock.nowMilliseconds)
                if let action = silence?.check(now: wallClock.nowMilliseconds) { notices(.silence(action)) }
                continue
            }
            let now = max(clock.nowMilliseconds, wallClock.nowMilliseconds + offset)
            clock.set(now)
            take(input, now: now)
            advanceTime(now: now)
            if queued.isEmpty, !feedEnded, now - lastEmitted >= settings.idleEvery { queued.append(.idle) }
        }
    }

    private func emit(_ event: EngineEvent) -> EngineEvent {
        lastEmitted = clock.nowMilliseconds
        return event
    }

    private func start() {
        let (stream, continuation) = AsyncStream<Input>.makeStream()
        inputs = stream.makeAsyncIterator()
        let feed = feed
        tasks.append(Task {
            for await event in feed.events { continuation.yield(.feed(event)) }
            continuation.yield(.feedEnded)
        })
        if let executions {
            tasks.append(Task {
                for await report in executions { continuation.yield(.execution(report)) }
            })
        }
        let tick = settings.tick
        tasks.append(Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                continuation.yield(.tick)
            }
        })
        let wall = wallClock.nowMilliseconds
        silence = FeedSilence(alertAfter: settings.silenceAlert, haltAfter: settings.silenceHalt, startedAt: wall)
        lastEmitted = wall
        guard offset != nil else { return }
        let now = max(clock.nowMilliseconds, wall)
        clock.set(now)
        lastEmitted = now
        advanceTime(now: now)
    }

    private func take(_ input: Input, now: Int64) {
        switch input {
        case .tick: break
        case .feedEnded: feedEnded = true
        case .execution(let report): queued.append(.execution(report))
        case .feed(.bar(let bar)): arrive(bar, now: now)
        case .feed(.failed(let reason)):
            notices(.feed(.failed(reason: reason)))
            feedFailure = reason
        case .feed(let news):
            notices(.feed(news))
        }
    }

    private func arrive(_ bar: Bar, now: Int64) {
        if let action = silence?.bar(at: now) { notices(.silence(action)) }
        queueAdvances(policy.closes(through: bar.timestamp))
        let decision = policy.arrive(bar)
        switch decision {
        case .deliver: break
        case .deliverAfterGap(let missing): notices(.gap(bar.symbol, missing: missing, before: bar.timestamp))
        case .dropLate, .dropDuplicate, .dropConflictingDuplicate:
            notices(.dropped(bar, decision))
            return
        }
        for fill in venue?.match(bar) ?? [] { queued.append(.execution(.filled(fill))) }
        queued.append(.bar(bar))
    }

    private func queueAdvances(_ times: [Int64]) {
        for time in times where time > (lastAdvance ?? .min) {
            queued.append(.advance(to: time))
            lastAdvance = time
        }
    }

    /// Intervals that closed and slices that fell due by `now`, in time order.
    private func advanceTime(now: Int64) {
        var times = policy.closes(now: now)
        if let due = wakeUp?(), due <= now, due > (lastAdvance ?? .min), due > (times.last ?? .min) { times.append(due) }
        queueAdvances(times.sorted())
        if let action = silence?.check(now: now) { notices(.silence(action)) }
    }
}

/// The feed gave up for good: the run stops as on bad data (working orders cancelled, the run marked
/// finished), with the feed's reason.
public struct LiveFeedFailure: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "the live feed failed: \(reason)" }
}
