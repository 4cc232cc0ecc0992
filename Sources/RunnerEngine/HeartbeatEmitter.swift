import Foundation
import RunnerCore
import RunnerHealth
import RunnerJournaling

/// Sends the heartbeats of the components that live in the run loop (signal engine, risk gate, router,
/// broker connection, journal writer, and any component the composition root adds) every interval of the
/// run's clock: to the journal, to the board `runner status` and the in-run watchdog read, and to the log.
///
/// Called by the loop after each event, so the heartbeats stop when the loop stops: a frozen engine falls
/// silent, which is what a watchdog must see. On the run's clock, so a replay's heartbeats fall at exact
/// replay times; while a paced replay waits for its next bar the loop calls ``idle(now:wall:engine:)`` so
/// the heartbeats keep to the wall clock too.
public final class HeartbeatEmitter {
    /// The latest event time of a component the composition root adds (the journal writer, reconciliation).
    public typealias LatestEvent = @Sendable () -> Int64?

    private var schedule: HeartbeatSchedule
    private var sequences: [Heartbeat.Component: Int64] = [:]
    private var lastWall: Int64?
    private let extra: [(Heartbeat.Component, LatestEvent)]
    private let wallClock: any TimeSource
    private let processID: Int32
    private let host: String
    private let journal: (any Journal)?
    public let board: HeartbeatBoard
    private let log: @Sendable (Heartbeat) -> Void

    /// - Parameters:
    ///   - interval: milliseconds between heartbeats (`heartbeat` in the environment file).
    ///   - extra: components beside the stages, with where their latest event time comes from.
    ///   - wallClock: the host's clock, for `Heartbeat.wall` (injected in tests).
    public init(interval: Int64, extra: [(Heartbeat.Component, LatestEvent)] = [], wallClock: any TimeSource,
                journal: (any Journal)?, board: HeartbeatBoard, host: String = ProcessInfo.processInfo.hostName,
                processID: Int32 = ProcessInfo.processInfo.processIdentifier,
                log: @escaping @Sendable (Heartbeat) -> Void = { _ in }) {
        schedule = HeartbeatSchedule(interval: interval)
        self.extra = extra
        self.wallClock = wallClock
        self.journal = journal
        self.board = board
        self.host = host
        self.processID = processID
        self.log = log
    }

    /// After an event at `now` on the run's clock: the heartbeats, when due.
    public func tick(now: Int64, engine: TradingEngine) {
        guard schedule.isDue(at: now) else { return }
        emit(now: now, engine: engine, state: .running)
    }

    /// While the loop waits (a paced replay between bars): the heartbeats, when an interval of wall time
    /// passed since the last ones; `now` is the run's clock, which does not move while it waits.
    public func idle(now: Int64, engine: TradingEngine) {
        let wall = wallClock.nowMilliseconds
        guard let last = lastWall, wall - last >= schedule.interval else { return }
        emit(now: now, engine: engine, state: .running)
    }

    /// The run ends on purpose: one last heartbeat of each component, saying it stopped.
    public func stop(now: Int64, engine: TradingEngine) {
        emit(now: now, engine: engine, state: .stopped)
    }

    private func emit(now: Int64, engine: TradingEngine, state: Heartbeat.State) {
        let wall = wallClock.nowMilliseconds
        lastWall = wall
        let activity = engine.book.activity
        var latest: [(Heartbeat.Component, Int64?)] = [
            (.signalEngine, activity.signalEngine), (.riskGate, activity.riskGate), (.router, activity.router),
            (.broker, activity.broker),
        ]
        latest += extra.map { ($0.0, $0.1()) }
        for (component, latestEvent) in latest {
            let sequence = (sequences[component] ?? 0) + 1
            sequences[component] = sequence
            let heartbeat = Heartbeat(component: component, processID: processID, host: host, sequence: sequence,
                                      at: now, wall: wall, latestEvent: latestEvent, state: state)
            journal?.record(.heartbeat(heartbeat))
            board.post(heartbeat)
            log(heartbeat)
        }
    }
}
