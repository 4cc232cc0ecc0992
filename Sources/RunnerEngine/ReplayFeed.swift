import RunnerBroker
import RunnerCore
import RunnerSignals

/// A replay's events from a market data file: at each new bar time the replay clock is set and an
/// `advance` goes out; then each bar is shown to the simulated venue (which fills the orders it can
/// against it) and its fills go out before the bar itself.
///
/// The feed pulls one event at a time, so whatever the engine sends at an `advance` reaches the venue
/// before the venue sees that time's bars.
public final class ReplayFeed: EngineEventSource {
    private var source: any MarketDataSource
    /// The venue that matches orders against bars; nil when the broker fills on its own.
    public var venue: (any SimulatedVenue)?
    private let clock: ManualTimeSource
    private var queued: [EngineEvent] = []
    private var queuedIndex = 0
    private var pendingBar: Bar?
    private var currentTime: Int64?
    /// When the engine wants the time to advance between bars (a slice due within a bar's minute): the
    /// feed advances the replay clock to it first, so slices go out at their due time, not at the next bar.
    public var wakeUp: (() -> Int64?)?

    public init(source: any MarketDataSource, venue: (any SimulatedVenue)?, clock: ManualTimeSource) {
        self.source = source
        self.venue = venue
        self.clock = clock
    }

    /// The bad rows the source skipped.
    public var problems: MarketDataProblemLog { source.problems }

    /// The next bar from the file without its events (a restart warming up reads bars this way).
    public func nextBar() throws -> Bar? {
        if let bar = pendingBar {
            pendingBar = nil
            return bar
        }
        return try source.next()
    }

    /// Puts a bar back: the next event is built from it.
    public func putBack(_ bar: Bar) { pendingBar = bar }

    /// Marks `timestamp` as the time already advanced to (a restart that warmed up through it).
    public func resume(at timestamp: Int64?) { currentTime = timestamp }

    public func next() throws -> EngineEvent? {
        if queuedIndex < queued.count {
            defer { queuedIndex += 1 }
            return queued[queuedIndex]
        }
        guard let bar = try nextBar() else { return nil }
        if currentTime.map({ bar.timestamp > $0 }) ?? true {
            if let currentTime, let due = wakeUp?(), due > currentTime, due < bar.timestamp {
                self.currentTime = due
                clock.set(due)
                pendingBar = bar
                return .advance(to: due)
            }
            currentTime = bar.timestamp
            clock.set(bar.timestamp)
            pendingBar = bar
            return .advance(to: bar.timestamp)
        }
        let fills = venue?.match(bar) ?? []
        guard !fills.isEmpty else { return .bar(bar) }
        queued.removeAll(keepingCapacity: true)
        queued.append(contentsOf: fills.dropFirst().map { .execution(.filled($0)) })
        queued.append(.bar(bar))
        queuedIndex = 0
        return .execution(.filled(fills[0]))
    }
}
