import Foundation
import RunnerBroker
import RunnerBrokerProcess
import RunnerCore
import Testing

/// Adapters that crash, hang, print garbage or speak another version (Fixtures/*.py): each problem is
/// found within its bound, with a reason that says what happened, and no call hangs.
@Suite struct MisbehavingAdapterTests {
    /// With the reply and start timeouts (120 s) far longer than what the tests allow a problem to surface in
    /// (60 s: a full parallel run on a loaded 2-core machine can stall a test for tens of seconds), so a pass
    /// shows the problem itself was detected, not a timeout.
    private func adapter(
        _ fixture: String, onFailure: FailurePolicy = .fail, replyTimeout: Duration = .seconds(120),
        problems: Lines = Lines()
    ) -> ProcessBrokerAdapter {
        ProcessBrokerAdapter(
            settings: Fixtures.settings(
                ["python3", Fixtures.path(fixture)], replyTimeout: replyTimeout, startTimeout: .seconds(120),
                onFailure: onFailure),
            environment: Fixtures.environment, problems: problems.add)
    }

    @Test func anAdapterThatCrashesAtStartIsRefusedWithItsExitStatusAndLastLogLine() async {
        let adapter = adapter("crash_at_start.py")
        // The exit itself fails the connect, not the 120 s start timeout: that would say "no reply to hello".
        // (No bound on the time: at the start of a full parallel run on a loaded 2-core machine even this
        // took over a minute.)
        await #expect {
            try await adapter.connect()
        } throws: { error in
            guard case BrokerError.adapterFailure(let reason) = error else { return false }
            return reason.contains("exited with status 3") && reason.contains("credentials refused")
                && !reason.contains("no reply to hello")
        }
    }

    @Test func anAdapterSpeakingAnotherVersionIsRefused() async {
        let adapter = adapter("wrong_version.py")
        await #expect(
            throws: BrokerError.adapterFailure(
                "the adapter 'future' speaks protocol versions [2]; this runner speaks version 1")
        ) { try await adapter.connect() }
    }

    @Test func aCrashMidRequestFailsTheCallAtOnceAndFailsTheAdapterUnderTheFailPolicy() async throws {
        let problems = Lines()
        let adapter = adapter("crash_mid_request.py", problems: problems)
        try await adapter.connect()
        let started = ContinuousClock.now
        await #expect(throws: BrokerError.disconnected) { try await adapter.positions() }
        // Well before the 120 s reply timeout: the death itself fails the call.
        #expect(ContinuousClock.now - started < .seconds(60))
        let events = await first(1, of: adapter.connectionEvents, within: .seconds(60))
        guard case .failed(let reason)? = events.first else {
            Issue.record("expected .failed, got \(events)")
            return
        }
        #expect(reason.contains("killed by signal 9 (SIGKILL)"), "\(reason)")
        #expect(reason.contains("about to die handling positions"), "\(reason)")
        #expect(problems.all == [reason])
        await #expect {
            try await adapter.positions()
        } throws: { error in
            guard case BrokerError.adapterFailure(let message) = error else { return false }
            return message.contains("failed for good")
        }
        await adapter.disconnect()
    }

    @Test func aHungAdapterTimesOutEachKindOfCallAndIsKilledEvenThoughItIgnoresSIGTERM() async throws {
        let adapter = adapter("hang.py", onFailure: Fixtures.restarting(3), replyTimeout: .milliseconds(1_500))
        try await adapter.connect()
        let pid = try #require(adapter.processIdentifier)
        let started = ContinuousClock.now
        // A submit past the bound is unknown (looked up by id), not failed.
        await #expect(throws: BrokerError.outcomeUnknown(clientOrderID: "h-1")) {
            try await adapter.submit(Fixtures.order("h-1"))
        }
        let waited = ContinuousClock.now - started
        // At least the bound, and bounded (not fast: it gives up rather than hangs).
        #expect(waited >= .milliseconds(1_400) && waited < .seconds(60), "\(waited)")
        // Lost, then restarted and greeted again.
        let events = await first(2, of: adapter.connectionEvents, within: .seconds(60))
        #expect(events == [.lost(reason: "no reply to submit within 1.5s"), .restored], "\(events)")
        let gone = await Fixtures.eventually { !Fixtures.processExists(pid) }
        #expect(gone, "the hung adapter \(pid) was not ended")
        await #expect(throws: BrokerError.adapterFailure("no reply to positions within 1.5s")) {
            try await adapter.positions()
        }
        await adapter.disconnect()
    }

    @Test(arguments: [
        ("prints_non_json.py", "the adapter printed a line that is not JSON: Loaded 3 accounts, ready to trade"),
        ("unknown_id.py", "the adapter replied with id 1002, which matches no request waiting for a reply"),
        ("wrong_shape.py", "the reply to positions is wrong: result is an array, not an object"),
    ])
    func aProtocolViolationIsReportedLostAndRestarted(fixture: String, reason: String) async throws {
        let problems = Lines()
        let adapter = adapter(fixture, onFailure: Fixtures.restarting(1), problems: problems)
        try await adapter.connect()
        let started = ContinuousClock.now
        await #expect(throws: BrokerError.self) { try await adapter.positions() }
        #expect(ContinuousClock.now - started < .seconds(60))
        let events = await first(2, of: adapter.connectionEvents, within: .seconds(60))
        #expect(events == [.lost(reason: reason), .restored], "\(events)")
        #expect(problems.all.first == reason)
        await adapter.disconnect()
    }

    @Test func anAdapterThatClosesItsOutputButRunsOnIsLostAndEnded() async throws {
        let adapter = adapter("closes_stdout.py", onFailure: Fixtures.restarting(1))
        try await adapter.connect()
        // The program closes its output only when the next request comes, so its id is still there to read.
        let pid = try #require(adapter.processIdentifier)
        await #expect(throws: BrokerError.self) { try await adapter.positions() }
        let events = await first(2, of: adapter.connectionEvents, within: .seconds(60))
        #expect(events == [.lost(reason: "the adapter closed its standard output while still running"), .restored])
        let gone = await Fixtures.eventually { !Fixtures.processExists(pid) }
        #expect(gone, "the adapter \(pid) was not ended")
        await adapter.disconnect()
    }

    @Test func theSubmissionRuleGivesUpCallsItCancelsWithoutWaitingForTheReplyTimeout() async throws {
        let problems = Lines()
        // A reply timeout far beyond the submitter's, so what bounds the calls can only be the submitter.
        let adapter = adapter("hang.py", replyTimeout: .seconds(120), problems: problems)
        try await adapter.connect()
        let submitter = IdempotentSubmitter(broker: adapter, attempts: 2, timeout: .milliseconds(200))
        let started = ContinuousClock.now
        await #expect(throws: BrokerError.outcomeUnknown(clientOrderID: "i-1")) {
            try await submitter.submit(Fixtures.order("i-1"))
        }
        // Two sends and two look-ups, each given up after 200 ms, long before the adapter's 120 s bound.
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(800) && waited < .seconds(60), "\(waited)")
        // A call its caller gave up is no problem of the adapter's: it stays connected.
        #expect(adapter.isConnected)
        #expect(problems.all.isEmpty, "\(problems.all)")
        await adapter.disconnect()
    }

    @Test func theRestartPolicyGivesUpPastItsLimit() async throws {
        let problems = Lines()
        let adapter = adapter("crash_mid_request.py", onFailure: Fixtures.restarting(1), problems: problems)
        try await adapter.connect()
        async let events = first(3, of: adapter.connectionEvents, within: .seconds(60))
        await #expect(throws: BrokerError.disconnected) { try await adapter.positions() }
        let back = await Fixtures.eventually { adapter.isConnected }
        #expect(back)
        // The single restart is used up: the next crash gives up.
        await #expect(throws: BrokerError.disconnected) { try await adapter.positions() }
        let seen = await events
        #expect(seen.count == 3, "\(seen)")
        #expect(seen.prefix(2) == [.lost(reason: problems.all.first ?? ""), .restored])
        guard case .failed(let reason)? = seen.last else { return }
        #expect(reason.contains("killed by signal 9"), "\(reason)")
        #expect(reason.hasSuffix("gave up: 1 restarts within 60s already (at most 1)"), "\(reason)")
        #expect(problems.all.count == 2)
        await adapter.disconnect()
    }

    @Test func aCallWhileRestartingFailsAsDisconnectedAtOnce() async throws {
        // The restart backoff and the reply timeout (120 s) are far beyond the bound below (60 s, for a full
        // parallel run on a loaded machine), so a pass shows the call waited for neither.
        let adapter = ProcessBrokerAdapter(
            settings: Fixtures.settings(
                ["python3", Fixtures.path("crash_mid_request.py")], replyTimeout: .seconds(120),
                onFailure: .restart(
                    RestartLimits(
                        maximumRestarts: 1, window: .seconds(60), initialBackoff: .seconds(120),
                        maximumBackoff: .seconds(120)))),
            environment: Fixtures.environment)
        try await adapter.connect()
        await #expect(throws: BrokerError.disconnected) { try await adapter.positions() }
        let started = ContinuousClock.now
        await #expect(throws: BrokerError.disconnected) { try await adapter.account() }
        #expect(ContinuousClock.now - started < .seconds(60))  // at once, not after the restart or the reply timeout
        await adapter.disconnect()
    }

    @Test func aMissingProgramOrVariableIsNamed() async {
        let missing = ProcessBrokerAdapter(
            settings: Fixtures.settings(["./no/such/adapter"]), environment: Fixtures.environment)
        await #expect(
            throws: BrokerError.adapterFailure(
                "the program of the adapter, \(Fixtures.repository.path)/./no/such/adapter, does not exist or is not executable"
            )
        ) { try await missing.connect() }
        let variable = ProcessBrokerAdapter(
            settings: Fixtures.settings(["python3", Fixtures.exampleAdapter], variables: ["BROKER_API_KEY"]),
            environment: Fixtures.environment)
        await #expect(
            throws: BrokerError.adapterFailure(
                "the environment variable BROKER_API_KEY, which the adapter settings pass to the process, is not set")
        ) { try await variable.connect() }
    }
}
