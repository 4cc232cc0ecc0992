import Foundation
@testable import RunnerApp
import RunnerCore
import RunnerHealth
import RunnerJournal
import Synchronization
import Testing

/// Heartbeats in a replay follow the replay clock, so which ones a run sends is known exactly; the
/// in-run watchdog, driven by an injected clock, fires the kill switch once on a silent signal engine.
@Suite struct HeartbeatRunTests {
    @Test(arguments: [("30m", Int64(1_800_000)), ("1h", 3_600_000)])
    func aReplaySendsAHeartbeatOfEachComponentAtEveryMultipleOfTheIntervalItsClockPasses(
        setting: String, interval: Int64
    ) async throws {
        let root = try Repository.scratchCopyWithSample(edits: ["environments/paper.yaml": [("heartbeat: 5s", "heartbeat: \(setting)")]])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(output.exitCode == .success, "\(output.standardError)")
        let journal = try SQLiteJournal(path: root.appendingPathComponent("var/paper/journal.sqlite").path)
        let beats = try journal.heartbeats().map(\.heartbeat)
        // The oracle, from the bars' own times: for each multiple of the interval from the first bar to the
        // last, the first bar time at or after it (the clock moves only at bars; a night is one jump).
        let barTimes = try Self.barTimes(root)
        let first = try #require(barTimes.first), last = try #require(barTimes.last)
        let multiples = stride(from: (first + interval - 1) / interval * interval, through: last, by: Int(interval))
        let expected = Set(multiples.compactMap { multiple in barTimes.first { $0 >= multiple } })
        #expect(expected.count >= 6)
        let components: [Heartbeat.Component] = [.signalEngine, .riskGate, .router, .broker, .journal]
        for component in components {
            let own = beats.filter { $0.component == component }
            let running = own.filter { $0.state == .running }
            #expect(Set(running.map(\.at)) == expected, "\(component)")
            #expect(running.count == expected.count, "one heartbeat per multiple: \(component)")
            #expect(own.map(\.sequence) == Array(1...Int64(own.count)), "\(component)")
            #expect(own.last?.state == .stopped, "the run ended on purpose: \(component)")
            #expect(own.allSatisfy { $0.processID == getpid() && !$0.host.isEmpty })
        }
        // The signal engine's latest event is the bar it just read: no lag in a replay.
        #expect(beats.filter { $0.component == .signalEngine && $0.state == .running }.allSatisfy { $0.lag == 0 })
        // The journal writer reports the newest heartbeat it had committed: never ahead of the clock.
        #expect(beats.filter { $0.component == .journal }.allSatisfy { ($0.lag ?? 0) >= 0 })
    }

    static func beat(_ component: Heartbeat.Component, _ wall: Int64) -> Heartbeat {
        Heartbeat(component: component, processID: 7, host: "h", sequence: 1, at: wall, wall: wall, latestEvent: wall)
    }

    /// Every bar time in the sample, from the CSV files.
    static func barTimes(_ root: URL) throws -> [Int64] {
        let folder = root.appendingPathComponent("data/sample")
        let formatter = ISO8601DateFormatter()
        var times: Set<Int64> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".csv") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n").dropFirst() {
                guard let field = line.split(separator: ",").first, let date = formatter.date(from: String(field)) else { continue }
                times.insert(Int64(date.timeIntervalSince1970 * 1000))
            }
        }
        return times.sorted()
    }

    @Test func theInRunWatchdogFiresTheKillSwitchOnceOnASilentSignalEngineAndAlertsForOthers() async throws {
        let board = HeartbeatBoard()
        let clock = ManualTimeSource(milliseconds: 100_000)
        board.post(Self.beat(.signalEngine, 100_000))
        board.post(Self.beat(.router, 100_000))
        let kills = Mutex<[Int64]>([])
        let alerts = Mutex<[String]>([])
        let recorded = Mutex<[Heartbeat]>([])
        let ticks = Mutex(0)
        let service = WatchdogService(
            silence: 3_000, heartbeatInterval: 2_000, board: board, clock: clock,
            pause: {
                // One second of the injected clock per look; the router keeps beating until 103 s.
                let tick = ticks.withLock { $0 += 1; return $0 }
                clock.advance(by: 1_000)
                if clock.nowMilliseconds <= 103_000 { board.post(Self.beat(.router, clock.nowMilliseconds)) }
                if tick >= 12 { throw CancellationError() }
            },
            kill: { _ in kills.withLock { $0.append(clock.nowMilliseconds) } },
            alert: { message in alerts.withLock { $0.append(message) } },
            record: { heartbeat in recorded.withLock { $0.append(heartbeat) } })
        await #expect(throws: CancellationError.self) { try await service.watch() }
        // Silent for more than 3 s at 103.001 s: judged at the first look after, 104 s; once.
        #expect(kills.withLock { $0 } == [104_000])
        // The router's last heartbeat was at 103 s: silent from 107 s on, said once.
        #expect(alerts.withLock { $0 }.count == 1)
        #expect(alerts.withLock { $0 }.first?.hasPrefix("router (pid 7 on h) has sent no heartbeat since") == true)
        // Its own heartbeat every 2 s of its clock, on the board and recorded.
        #expect(recorded.withLock { $0 }.filter { $0.state == .running }.map(\.at)
            == [100_000, 102_000, 104_000, 106_000, 108_000, 110_000])
        // And a last one saying it stopped on purpose, so no watchdog takes it for a dead one.
        #expect(recorded.withLock { $0 }.last.map { ($0.state, $0.at, $0.sequence) } ?? (.running, 0, 0) == (.stopped, 112_000, 7))
        #expect(board.heartbeats.contains { $0.component == .watchdog })
    }
}
