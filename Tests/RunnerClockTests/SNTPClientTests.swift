import RunnerClock
import RunnerTesting
import Testing

/// The UDP client against responders in this process, on loopback ports of their own.
@Suite struct SNTPClientTests {
    let client = SNTPClient(timeout: .milliseconds(300))

    /// The client's blocking query on a thread of its own, so no test holds one of the task threads.
    func ask(_ servers: [NTPServer], with client: SNTPClient? = nil) async throws -> [Result<ClockSample, SNTPQueryFailure>] {
        try await timedAsk(servers, with: client).results
    }

    /// ``ask(_:with:)`` and how long the query took, timed on its own thread (a busy task pool may take a
    /// while to hand the result back, which is not the client's time).
    func timedAsk(_ servers: [NTPServer], with client: SNTPClient? = nil) async throws
        -> (results: [Result<ClockSample, SNTPQueryFailure>], elapsed: Duration)
    {
        let client = client ?? self.client
        return try await OwnThread.run {
            let clock = ContinuousClock()
            let started = clock.now
            let results = client.query(servers)
            return (results, started.duration(to: clock.now))
        }
    }

    @Test func aResponderTwoSecondsAheadMeasuresAboutPlusTwoSeconds() async throws {
        let responder = try SNTPResponder(.answer(offset: .seconds(2)))
        defer { responder.stop() }
        let sample = try #require(await ask([responder.server]).first).get()
        #expect(abs(sample.offsetNanoseconds - 2_000_000_000) < 50_000_000, "\(sample)")
        #expect(sample.delayNanoseconds >= -1_000_000 && sample.delayNanoseconds < 100_000_000, "\(sample)")
    }

    @Test func aLocalClockBehindReadsAsAPositiveOffset() async throws {
        let responder = try SNTPResponder(.answer(offset: .zero))
        defer { responder.stop() }
        let behind = SNTPClient(timeout: .milliseconds(300), localClock: { SNTPClient.systemClock() - 750_000_000 })
        let sample = try #require(await ask([responder.server], with: behind).first).get()
        #expect(abs(sample.offsetNanoseconds - 750_000_000) < 50_000_000, "\(sample)")
    }

    @Test func aServerThatNeverAnswersTimesOutWithinTheBound() async throws {
        let silent = try SNTPResponder(.silent)
        defer { silent.stop() }
        let (results, elapsed) = try await timedAsk([silent.server])
        #expect(results.count == 1)
        guard case .failure(.timedOut(let after, nil)) = results[0] else {
            Issue.record("expected a timeout, got \(results[0])")
            return
        }
        #expect(after == .milliseconds(300))
        #expect(elapsed >= .milliseconds(290) && elapsed < .milliseconds(800), "took \(elapsed)")
        #expect(silent.requests.load(ordering: .relaxed) == 1)
    }

    @Test func aPortWithNothingBehindItIsRefusedAtOnce() async throws {
        let port = try FreePort.closedUDP()
        let (result, elapsed) = try await timedAsk([NTPServer(host: "127.0.0.1", port: port)])
        #expect(elapsed < .milliseconds(250))
        #expect(result.first == .failure(.refused))
        #expect(SNTPQueryFailure.refused.description == "nothing listens there (connection refused)")
    }

    @Test func aSpoofedReplyIsSetAsideAndTheWaitEndsWithItsReason() async throws {
        let spoofer = try SNTPResponder(.custom { request, now in
            SNTPPacket(mode: .server, stratum: 1, originateTimestamp: NTPTimestamp(rawValue: 12345),
                       receiveTimestamp: NTPTimestamp(unixNanoseconds: now),
                       transmitTimestamp: NTPTimestamp(unixNanoseconds: now)).encoded()
        })
        defer { spoofer.stop() }
        let result = try #require(await ask([spoofer.server]).first)
        guard case .failure(.timedOut(_, .some(.originateMismatch))) = result else {
            Issue.record("expected a timeout with the stale reply set aside, got \(result)")
            return
        }
        #expect("\(result)".contains("a stale or spoofed reply"))
    }

    @Test(arguments: ReplyEdit.allCases.filter { $0 != .wrongOriginate })
    func aHostileReplyFromTheServerIsRefusedAtOnce(_ edit: ReplyEdit) async throws {
        let hostile = try SNTPResponder(.custom { request, now in
            var packet = SNTPPacket(
                mode: .server, stratum: 2, originateTimestamp: request.transmitTimestamp,
                receiveTimestamp: NTPTimestamp(unixNanoseconds: now),
                transmitTimestamp: NTPTimestamp(unixNanoseconds: now + 1000))
            edit.apply(&packet)
            return packet.encoded()
        })
        defer { hostile.stop() }
        let result = try #require(await ask([hostile.server]).first)
        guard case .failure(.invalidReply) = result else {
            Issue.record("expected a refused reply for \(edit), got \(result)")
            return
        }
    }

    @Test func aShortReplyIsRefused() async throws {
        let short = try SNTPResponder(.custom { _, _ in [0x24, 2, 0, 0] })
        defer { short.stop() }
        #expect(try await ask([short.server]).first == .failure(.invalidReply(.tooShort(bytes: 4))))
    }

    @Test func aHostNameThatDoesNotResolveIsSaid() async throws {
        let result = try await ask([NTPServer(host: "no-such-host.invalid", port: 123)])
        guard case .failure(.unresolvable) = result.first else {
            Issue.record("expected unresolvable, got \(String(describing: result.first))")
            return
        }
    }

    @Test func allServersAreAskedAtOnceSoSilentOnesCostOneTimeout() async throws {
        let silent = try (0..<3).map { _ in try SNTPResponder(.silent) }
        let answering = try SNTPResponder(.answer(offset: .milliseconds(-40)))
        defer {
            silent.forEach { $0.stop() }
            answering.stop()
        }
        let (results, elapsed) = try await timedAsk(silent.map(\.server) + [answering.server])
        #expect(elapsed < .milliseconds(800))
        #expect(results.prefix(3).allSatisfy { if case .failure(.timedOut) = $0 { true } else { false } })
        #expect(abs(try results[3].get().offsetNanoseconds + 40_000_000) < 30_000_000)
    }
}
