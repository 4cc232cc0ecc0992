import Logging
import RunnerApp
import RunnerBus
import RunnerClock
import RunnerCore
import ServiceLifecycle
import Testing

/// The run's clock check as a service: what it sends the engine and raises, and that it stops on
/// graceful shutdown.
@Suite struct ClockCheckServiceTests {
    final class Recorder: AlertRaising, @unchecked Sendable {
        private let lock = Locked<([OperatorAlert], [EngineCommand])>(([], []))
        func raise(_ alert: OperatorAlert) { lock.withLock { $0.0.append(alert) } }
        func halt(_ command: EngineCommand) { lock.withLock { $0.1.append(command) } }
        var alerts: [OperatorAlert] { lock.withLock { $0.0 } }
        var halts: [EngineCommand] { lock.withLock { $0.1 } }
    }

    static let tooFar = ClockVerdict.offsetTooLarge(
        ServerSample(server: NTPServer(host: "127.0.0.1", port: 1123),
                     sample: ClockSample(offsetNanoseconds: 2_000_000_000, delayNanoseconds: 100_000)),
        maxOffset: .milliseconds(100))

    /// Runs the service in a group until `done` holds (waiting at most 10 s), then shuts the group down
    /// gracefully and returns once the service has stopped.
    func run(mode: TradingMode, recorder: Recorder, until done: @escaping @Sendable () -> Bool) async throws {
        let service = ClockCheckService(
            interval: .milliseconds(10), environment: mode.rawValue, mode: mode, alerts: recorder,
            measure: { Self.tooFar }, halt: { recorder.halt($0) })
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(10)
            while !done(), clock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func liveHaltsTradingAndRaisesACriticalClockAlertAtEachFailingCheck() async throws {
        let recorder = Recorder()
        try await run(mode: .live, recorder: recorder) { recorder.halts.count >= 2 }
        let halts = recorder.halts
        #expect(halts.count >= 2)
        #expect(halts.allSatisfy { $0.kind == .halt && $0.origin == "clock check" })
        #expect(halts.first?.reason == "clock check failed: \(Self.tooFar)")
        let alerts = recorder.alerts
        #expect(alerts.count >= 2)
        #expect(alerts.allSatisfy { $0.kind == .clock && $0.severity == .critical && $0.environment == "live" })
    }

    @Test func paperRaisesOneWarningAndNeverHalts() async throws {
        let recorder = Recorder()
        let checks = Locked(0)
        let service = ClockCheckService(
            interval: .milliseconds(10), environment: "paper", mode: .paper, alerts: recorder,
            measure: { checks.withLock { $0 += 1 }; return Self.tooFar }, halt: { recorder.halt($0) })
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(10)
            while checks.withLock({ $0 }) < 3, clock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(checks.withLock { $0 } >= 3)
        #expect(recorder.halts.isEmpty)
        #expect(recorder.alerts.map(\.severity) == [.warning])
        #expect(recorder.alerts.first?.kind == .clock)
    }

    @Test func aLongIntervalStillStopsAtOnceOnGracefulShutdown() async throws {
        let recorder = Recorder()
        let service = ClockCheckService(
            interval: .seconds(600), environment: "live", mode: .live, alerts: recorder,
            measure: { Self.tooFar }, halt: { recorder.halt($0) })
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(50))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        // Far less than the 600 s interval (generous: a full parallel run on a busy 2-core machine can stall the
        // task pool for a minute).
        #expect(started.duration(to: clock.now) < .seconds(300))
        #expect(recorder.halts.isEmpty && recorder.alerts.isEmpty)
    }
}
