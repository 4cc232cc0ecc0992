import RunnerClock
import RunnerCore
import RunnerTesting
import Testing

@Suite struct ClockVerdictTests {
    let near = NTPServer(host: "10.0.0.1", port: 123)
    let far = NTPServer(host: "10.0.0.2", port: 123)

    @Test func theServerWithTheLowestDelayDecides() {
        let verdict = ClockVerdict(results: [
            (far, .success(ClockSample(offsetNanoseconds: 900_000_000, delayNanoseconds: 40_000_000))),
            (near, .success(ClockSample(offsetNanoseconds: 3_200_000, delayNanoseconds: 400_000))),
        ], maxOffset: .milliseconds(250))
        #expect(verdict.isAcceptable)
        #expect(verdict.description == "offset +3.2ms (delay 0.4ms) from 10.0.0.1:123, max 250ms")
    }

    @Test func anOffsetBeyondTheMaximumEitherWayIsNotAcceptable() {
        for offset: Int64 in [250_000_001, -250_000_001] {
            let verdict = ClockVerdict(results: [(near, .success(ClockSample(offsetNanoseconds: offset, delayNanoseconds: 0)))],
                                       maxOffset: .milliseconds(250))
            #expect(!verdict.isAcceptable)
            guard case .offsetTooLarge = verdict else {
                Issue.record("\(verdict)")
                continue
            }
        }
        let atTheLimit = ClockVerdict(results: [(near, .success(ClockSample(offsetNanoseconds: -250_000_000, delayNanoseconds: 0)))],
                                      maxOffset: .milliseconds(250))
        #expect(atTheLimit.isAcceptable)
    }

    @Test func noAnswerListsEveryServersReason() {
        let verdict = ClockVerdict(results: [
            (near, .failure(.refused)), (far, .failure(.timedOut(after: .seconds(1), ignored: nil))),
        ], maxOffset: .milliseconds(250))
        #expect(!verdict.isAcceptable)
        #expect(verdict.description == "no NTP server answered: 10.0.0.1:123: nothing listens there (connection refused); "
            + "10.0.0.2:123: no answer within 1000ms")
        #expect(ClockVerdict(results: [], maxOffset: .milliseconds(250)) == .noServers)
    }

    @Test func aCheckOfRespondersJudgesTheirOffset() async throws {
        let ahead = try SNTPResponder(.answer(offset: .seconds(2)))
        defer { ahead.stop() }
        let check = ClockCheck(servers: [ahead.server, NTPServer(host: "127.0.0.1", port: try FreePort.closedUDP())],
                               maxOffset: .milliseconds(250), client: SNTPClient(timeout: .milliseconds(300)))
        let verdict = await check.measure()
        guard case .offsetTooLarge(let best, _) = verdict else {
            Issue.record("\(verdict)")
            return
        }
        #expect(best.server == ahead.server)
        #expect(verdict.description.hasSuffix("from \(ahead.server) is beyond the 250ms maximum"))
    }
}

@Suite struct ClockWatchTests {
    let good = ClockVerdict.withinLimit(
        ServerSample(server: NTPServer(host: "127.0.0.1", port: 123), sample: ClockSample(offsetNanoseconds: 0, delayNanoseconds: 0)),
        maxOffset: .milliseconds(100))
    let bad = ClockVerdict.noServerAnswered([ServerFailure(server: NTPServer(host: "127.0.0.1", port: 123), failure: .refused)])

    @Test func liveHaltsAtEveryFailingCheckWithACriticalAlert() {
        var watch = ClockWatch(mode: .live)
        #expect(watch.observe(good).isEmpty)
        for _ in 0..<2 {
            let actions = watch.observe(bad)
            #expect(actions.count == 2)
            #expect(actions.first == .halt(reason: "clock check failed: \(bad)"))
            guard case .alert(.critical, let message) = actions.last else {
                Issue.record("\(actions)")
                return
            }
            #expect(message.contains("chronyc tracking") && message.contains("runner resume"))
        }
        guard case .alert(.info, let message) = watch.observe(good).first else {
            Issue.record("no alert when the clock came back")
            return
        }
        #expect(message.contains("stays halted"))
        #expect(watch.observe(good).isEmpty)
    }

    @Test func paperWarnsOnceAndNeverHalts() {
        var watch = ClockWatch(mode: .paper)
        let first = watch.observe(bad)
        #expect(first.count == 1)
        guard case .alert(.warning, _) = first.first else {
            Issue.record("\(first)")
            return
        }
        #expect(watch.observe(bad).isEmpty)
        guard case .alert(.info, _) = watch.observe(good).first else {
            Issue.record("no alert when the clock came back")
            return
        }
    }
}
