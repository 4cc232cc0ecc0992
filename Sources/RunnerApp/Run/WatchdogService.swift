import Foundation
import RunnerCore
import RunnerHealth
import RunnerJournaling
import ServiceLifecycle

/// The watchdog inside `runner run`: every second it shows the run's latest heartbeats to a ``Watchdog``
/// and does what it says. A silent signal engine fires the kill switch (`kill`, which asks the engine and,
/// when the engine does not answer, acts at the broker directly and stops this process); any other silent
/// component raises an alert. It heartbeats itself, from its own task, so a frozen run loop does not
/// silence it.
///
/// The clock and the pause are injected: a test drives it tick by tick with a manual clock.
final class WatchdogService: Service {
    private let board: HeartbeatBoard
    private let clock: any TimeSource
    private let pause: @Sendable () async throws -> Void
    private let kill: @Sendable (String) async -> Void
    private let alert: @Sendable (String) -> Void
    private let record: @Sendable (Heartbeat) -> Void
    private let silence: Int64
    private let heartbeatInterval: Int64

    init(silence: Int64, heartbeatInterval: Int64, board: HeartbeatBoard, clock: any TimeSource = SystemTimeSource(),
         pause: @escaping @Sendable () async throws -> Void = { try await Task.sleep(for: .seconds(1)) },
         kill: @escaping @Sendable (String) async -> Void, alert: @escaping @Sendable (String) -> Void,
         record: @escaping @Sendable (Heartbeat) -> Void) {
        self.silence = silence
        self.heartbeatInterval = heartbeatInterval
        self.board = board
        self.clock = clock
        self.pause = pause
        self.kill = kill
        self.alert = alert
        self.record = record
    }

    func run() async throws {
        // Stopping the run cancels the watch in its pause: an end, not a failure.
        do { try await cancelWhenGracefulShutdown { try await self.watch() } } catch is CancellationError {}
    }

    /// Looks, acts, heartbeats and pauses, until cancelled.
    func watch() async throws {
        var watchdog = Watchdog(silence: silence)
        var schedule = HeartbeatSchedule(interval: heartbeatInterval)
        var sequence: Int64 = 0
        // Its last heartbeat says it stopped on purpose, so nobody takes a finished run's watchdog for a dead one.
        defer {
            let now = clock.nowMilliseconds
            let last = Heartbeat(component: .watchdog, processID: getpid(), host: ProcessInfo.processInfo.hostName,
                                 sequence: sequence + 1, at: now, wall: now, latestEvent: now, state: .stopped)
            board.post(last)
            record(last)
        }
        while !Task.isCancelled {
            let now = clock.nowMilliseconds
            for action in Self.step(&watchdog, heartbeats: board.heartbeats, now: now) { await perform(action) }
            if schedule.isDue(at: now) {
                sequence += 1
                let beat = Heartbeat(component: .watchdog, processID: getpid(), host: ProcessInfo.processInfo.hostName,
                                     sequence: sequence, at: now, wall: now, latestEvent: now)
                board.post(beat)
                record(beat)
            }
            try await pause()
        }
    }

    /// One look: the board's heartbeats observed (the watchdog's own excluded), then the judgement at `now`.
    static func step(_ watchdog: inout Watchdog, heartbeats: [Heartbeat], now: Int64) -> [Watchdog.Action] {
        var actions: [Watchdog.Action] = []
        for heartbeat in heartbeats where heartbeat.component != .watchdog { actions += watchdog.observe(heartbeat) }
        return actions + watchdog.check(now: now)
    }

    private func perform(_ action: Watchdog.Action) async {
        switch action {
        case .kill(let reason): await kill(reason)
        case .silent(let component, let since, let pid, let host):
            alert("\(component.rawValue) (pid \(pid) on \(host)) has sent no heartbeat since "
                + "\(Date(timeIntervalSince1970: Double(since) / 1_000).formatted(.iso8601))")
        case .recovered(let component, let after):
            alert("\(component.rawValue) is sending heartbeats again after \(after) ms")
        }
    }
}
