import RunnerCore
import RunnerHealth
import Testing

@Suite struct WatchdogTests {
    private func beat(_ component: Heartbeat.Component, wall: Int64, pid: Int32 = 100,
                      state: Heartbeat.State = .running) -> Heartbeat {
        Heartbeat(component: component, processID: pid, host: "h1", sequence: 1, at: wall, wall: wall, latestEvent: wall,
                  state: state)
    }

    @Test(arguments: [Int64(1_000), 30_000, 120_000])
    func aSilentSignalEngineFiresTheKillSwitchOnceJustAfterTheLimit(silence: Int64) {
        var watchdog = Watchdog(silence: silence)
        _ = watchdog.observe(beat(.signalEngine, wall: 10_000))
        #expect(watchdog.check(now: 10_000 + silence).isEmpty)
        let actions = watchdog.check(now: 10_000 + silence + 1)
        #expect(actions.count == 1)
        guard case .kill(let reason) = actions.first else {
            Issue.record("expected a kill, got \(actions)")
            return
        }
        #expect(reason.contains("pid 100 on h1") && reason.contains("\(silence + 1) ms"))
        // Fired once: later checks say nothing more.
        #expect(watchdog.check(now: 10_000 + silence * 5).isEmpty)
        #expect(watchdog.isSilent(.signalEngine))
    }

    @Test func aHeartbeatAfterSilenceIsARecoveryAndReArms() {
        var watchdog = Watchdog(silence: 30_000)
        _ = watchdog.observe(beat(.signalEngine, wall: 0))
        #expect(watchdog.check(now: 30_001).count == 1)
        #expect(watchdog.observe(beat(.signalEngine, wall: 40_000)) == [.recovered(.signalEngine, after: 40_000)])
        #expect(!watchdog.isSilent(.signalEngine))
        #expect(watchdog.check(now: 70_000).isEmpty)
        #expect(watchdog.check(now: 70_001).count == 1)
    }

    @Test func otherSilentComponentsRaiseAnAlertNotAKill() {
        var watchdog = Watchdog(silence: 5_000)
        for component in [Heartbeat.Component.signalEngine, .journal, .reconciliation] {
            _ = watchdog.observe(beat(component, wall: 0))
        }
        _ = watchdog.observe(beat(.signalEngine, wall: 6_000))
        let actions = watchdog.check(now: 6_000)
        #expect(actions == [.silent(.journal, since: 0, processID: 100, host: "h1"),
                            .silent(.reconciliation, since: 0, processID: 100, host: "h1")])
    }

    @Test func aStoppedComponentAndAnUnheardOneAreNeverSilent() {
        var watchdog = Watchdog(silence: 1_000)
        _ = watchdog.observe(beat(.signalEngine, wall: 0, state: .stopped))
        #expect(watchdog.check(now: 1_000_000).isEmpty)
        #expect(Watchdog(silence: 1_000).heartbeats.isEmpty)
    }

    @Test func anOlderHeartbeatThanTheLatestChangesNothing() {
        var watchdog = Watchdog(silence: 10_000)
        _ = watchdog.observe(beat(.signalEngine, wall: 50_000))
        _ = watchdog.observe(beat(.signalEngine, wall: 20_000))
        #expect(watchdog.check(now: 55_000).isEmpty)
        #expect(watchdog.heartbeats.map(\.wall) == [50_000])
    }

    @Test func theOrderOfHeartbeatsOfDifferentComponentsDoesNotMatter() {
        let beats = [beat(.router, wall: 1_000), beat(.signalEngine, wall: 2_000), beat(.broker, wall: 500)]
        var forward = Watchdog(silence: 3_000)
        var backward = Watchdog(silence: 3_000)
        for heartbeat in beats { _ = forward.observe(heartbeat) }
        for heartbeat in beats.reversed() { _ = backward.observe(heartbeat) }
        for now in stride(from: Int64(0), through: 6_000, by: 250) {
            #expect(forward.check(now: now) == backward.check(now: now))
        }
    }
}
