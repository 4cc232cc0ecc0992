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
public final class LiveEventSource: DrainingEventSource {
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
        /// The time follows the bars' own timestamps, as a replay's: it moves by the bars alone (an interval
        /// closes when a later bar comes, a slice due between bars goes out before it), paced by whatever
        /// paces the feed (history replayed at wall-clock speed through this path). Otherwise the time is
        /// the wall clock's.
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
        /// The broker's report stream ended: nothing more will come through it.
        case executionsEnded
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
    /// The next bar in the queue was shown to the venue already (its fills go out first).
    private var barMatched = false
    private var lastAdvance: Int64?
    /// The last advance the engine has seen (``lastAdvance`` may be queued still).
    private var lastEmittedAdvance: Int64?
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

    /// The execution reports still queued or arriving within `bound` (bars and the time are over).
    public func drain(for bound: Duration) async -> [EngineEvent] {
        var reports = queued.filter { if case .execution = $0 { true } else { false } }
        queued.removeAll()
        guard inputs != nil, executions != nil else { return reports }
        let deadline = ContinuousClock.now + bound
        while ContinuousClock.now < deadline, let input = await inputs?.next() {
            if case .execution(let report) = input { reports.append(.execution(report)) }
            if case .executionsEnded = input { break }
        }
        return reports
    }

    /// Stops reading: the merged tasks end (the feed itself is stopped by whoever started it).
    public func close() { tasks.forEach { $0.cancel() } }

    public func next() async throws -> EngineEvent? {
        if inputs == nil { start() }
        while true {
            if let first = queued.first {
                // A slice due before the next event's time goes out at its own time, as in a replay.
                if let time = Self.time(of: first), let due = wakeUp?(), due > (lastEmittedAdvance ?? .min), due < time {
                    lastAdvance = max(lastAdvance ?? .min, due)
                    return emit(.advance(to: due))
                }
                queued.removeFirst()
                // A simulated venue sees the bar when it goes out, after the orders sent before it, and its
                // fills come first, as in a replay; the bar put back behind them is not shown again.
                if case .bar(let bar) = first, !barMatched {
                    let fills = venue?.match(bar) ?? []
                    if !fills.isEmpty {
                        barMatched = true
                        queued.insert(contentsOf: fills.dropFirst().map { .execution(.filled($0)) } + [first], at: 0)
                        return emit(.execution(.filled(fills[0])))
                    }
                }
                if case .bar = first { barMatched = false }
                return emit(first)
            }
            if let feedFailure { throw LiveFeedFailure(reason: feedFailure) }
            if feedEnded { return nil }
            guard let input = await inputs?.next() else { return nil }
            if offset == nil, case .feed(.bar(let bar)) = input {
                // The first bar sets the time, as a replay's does: to the bar's start.
                offset = bar.timestamp - wallClock.nowMilliseconds
                clock.set(bar.timestamp)
                queueAdvances(policy.start(at: bar.timestamp))
                // Silence is measured on the bars' time from now on.
                silence = FeedSilence(alertAfter: settings.silenceAlert, haltAfter: settings.silenceHalt,
                                      startedAt: clock.nowMilliseconds)
            }
            guard let offset else {
                // Before the first bar of a feed that sets the time: only its news and its silence count.
                var wall = wallClock.nowMilliseconds
                take(input, now: &wall)
                if let action = silence?.check(now: wallClock.nowMilliseconds) { notices(.silence(action)) }
                continue
            }
            var now = max(clock.nowMilliseconds, wallClock.nowMilliseconds + offset)
            // On the wall clock the run's time is the wall's; a feed that sets the time moves it only by the
            // advances that go out (exactly as a replay's clock), so the time between bars is the bars'.
            if !settings.followsBars { clock.set(now) }
            take(input, now: &now)
            if settings.followsBars {
                // History moves by its bars alone, as a replay does: a slow or loaded machine never closes
                // an interval before its bars are in.
                if let action = silence?.check(now: now) { notices(.silence(action)) }
            } else {
                advanceTime(now: now)
            }
            if queued.isEmpty, !feedEnded, now - lastEmitted >= settings.idleEvery { queued.append(.idle) }
        }
    }

    private func emit(_ event: EngineEvent) -> EngineEvent {
        // The run's time is never behind the time it advanced to (a feed that sets the time moves it so).
        if case .advance(let time) = event {
            if time > clock.nowMilliseconds { clock.set(time) }
            lastEmittedAdvance = time
        }
        lastEmitted = clock.nowMilliseconds
        return event
    }

    /// The time an event stands at, for ordering a due slice before it; nil for one with no time of its own.
    static func time(of event: EngineEvent) -> Int64? {
        switch event {
        case .advance(let time): time
        case .bar(let bar): bar.timestamp
        case .execution, .idle: nil
        }
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
                continuation.yield(.executionsEnded)
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

    private func take(_ input: Input, now: inout Int64) {
        switch input {
        case .tick, .executionsEnded: break
        case .feedEnded: feedEnded = true
        case .execution(let report): queued.append(.execution(report))
        case .feed(.bar(let bar)): arrive(bar, now: &now)
        case .feed(.failed(let reason)):
            notices(.feed(.failed(reason: reason)))
            feedFailure = reason
        case .feed(let news):
            notices(.feed(news))
        }
    }

    private func arrive(_ bar: Bar, now: inout Int64) {
        if settings.followsBars, let offset, bar.timestamp > now {
            // The bars set the time: a later bar moves it to its start, as in a replay.
            // The clock itself moves when the advance to it goes out, after any slice due before it.
            self.offset = offset + (bar.timestamp - now)
            now = bar.timestamp
        } else if !settings.followsBars {
            let end = bar.timestamp + settings.interval
            if end > now + max(settings.grace, 1_000) {
                // On the wall clock a bar cannot be complete before its end: a bad timestamp, never a
                // reason to move the run's time ahead.
                notices(.dropped(bar, .dropFromTheFuture(now: now)))
                return
            }
        }
        queueAdvances(settings.followsBars ? policy.jump(to: bar.timestamp) : policy.closes(through: bar.timestamp))
        let decision = policy.arrive(bar)
        switch decision {
        case .deliver: break
        case .deliverAfterGap(let missing): notices(.gap(bar.symbol, missing: missing, before: bar.timestamp))
        case .dropLate, .dropDuplicate, .dropConflictingDuplicate, .dropFromTheFuture:
            notices(.dropped(bar, decision))
            return
        }
        // Only a bar the run takes ends a silence: a feed sending nothing but late or repeated bars is silent.
        if let action = silence?.bar(at: now) { notices(.silence(action)) }
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
        // A slice due at or after the end of the interval in progress waits for that interval to close, so
        // the tick there decides with every bar of the interval.
        if let due = wakeUp?(), due <= now, due > (lastAdvance ?? .min), due > (times.last ?? .min),
           due < (policy.closedThrough ?? .min) + settings.interval
        {
            times.append(due)
        }
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
