import Foundation
import RunnerAlerts
import RunnerCore
import Testing

/// The webhook sink against a real HTTP server on a loopback port.
@Suite struct WebhookAlertSinkTests {
    @Test func eachAlertIsPostedAsJSONInTheShapeChatToolsAccept() async throws {
        let server = try LocalHTTPServer(.answer([]))
        defer { server.stop() }
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let sink = try WebhookAlertSink(
            url: server.url, variable: "RUNNER_ALERT_WEBHOOK", mode: .live, timeout: .seconds(10))
        let dispatcher = AlertDispatcher(
            sinks: [sink], journal: nil, logger: folder.log.logger(label: "test"),
            settings: try .testing(RecordedSleeps()))
        dispatcher.raise(SampleAlert.watchdog)
        let statistics = await dispatcher.drain(timeout: patience)

        #expect(statistics.first?.delivered == 1)
        let request = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.path == "/hooks/alerts")
        #expect(request.headers["content-type"] == "application/json")
        let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect(
            body["text"] as? String
                == "[LIVE] live: critical watchdog: the signal engine has been silent for 31s; the kill switch fired")
        #expect(body["kind"] as? String == "watchdog")
        #expect(body["severity"] as? String == "critical")
        #expect(body["environment"] as? String == "live")
        #expect(body["at"] as? Int == 1_767_623_400_250)
        #expect(sink.name == "webhook ($RUNNER_ALERT_WEBHOOK)")
    }

    @Test func aServerErrorIsRetriedWithGrowingWaitsUntilTheAlertGoesThrough() async throws {
        let server = try LocalHTTPServer(.answer([500, 503]))
        defer { server.stop() }
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let sleeps = RecordedSleeps()
        let sink = try WebhookAlertSink(url: server.url, variable: "HOOK", mode: .paper, timeout: .seconds(10))
        let dispatcher = AlertDispatcher(
            sinks: [sink], journal: nil, logger: folder.log.logger(label: "test"),
            settings: try .testing(sleeps, attempts: 5))
        dispatcher.raise(SampleAlert.numbered(1))
        let statistics = try #require(await dispatcher.drain(timeout: patience).first)

        #expect(server.requests.count == 3)
        #expect(Set(server.requests.map(\.body)).count == 1, "every attempt posts the same alert")
        #expect(statistics.delivered == 1)
        #expect(statistics.failedAttempts == 2)
        #expect(sleeps.all == [.seconds(1), .seconds(2)])
        let failures = try folder.logLines().filter { ($0["message"] as? String)?.contains("failed (attempt") == true }
        #expect(failures.map { $0["level"] as? String } == ["warning", "warning"])
        #expect(
            failures.first?["message"] as? String
                == "alert sink webhook ($HOOK) failed (attempt 1 of 5): the webhook answered with HTTP status 500: "
                + "failure 500; trying again in 1.0 seconds")
        #expect(failures.first?["sink"] as? String == "webhook ($HOOK)")
    }

    @Test func anAlertIsGivenUpAfterItsAttemptsAndTheLastFailureIsAnError() async throws {
        let server = try LocalHTTPServer(.answer([500, 500, 500, 500]))
        defer { server.stop() }
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let sink = try WebhookAlertSink(url: server.url, variable: "HOOK", mode: .paper, timeout: .seconds(10))
        let dispatcher = AlertDispatcher(
            sinks: [sink], journal: nil, logger: folder.log.logger(label: "test"),
            settings: try .testing(RecordedSleeps(), attempts: 3))
        dispatcher.raise(SampleAlert.numbered(1))
        let statistics = try #require(await dispatcher.drain(timeout: patience).first)

        #expect(server.requests.count == 3)
        #expect(statistics.delivered == 0)
        #expect(statistics.failed == 1)
        #expect(statistics.waiting == 0)
        let last = try #require(try folder.logLines().last)
        #expect(last["level"] as? String == "error")
        #expect((last["message"] as? String)?.hasSuffix("; the alert is given up") == true)
    }

    @Test func aHangingServerTimesOutWithoutHoldingUpRaiseOrAnotherSink() async throws {
        let server = try LocalHTTPServer(.hang)
        defer { server.stop() }
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let webhook = try WebhookAlertSink(url: server.url, variable: "HOOK", mode: .paper, timeout: .seconds(1))
        let other = RecordingAlertSink()
        let dispatcher = AlertDispatcher(
            sinks: [webhook, other], journal: nil, logger: folder.log.logger(label: "test"),
            settings: try .testing(RecordedSleeps(), attempts: 1))
        // Raising delivers nothing by itself: it only queues.
        dispatcher.raise(SampleAlert.numbered(1))
        #expect(dispatcher.statistics.map(\.waiting) == [1, 1])
        #expect(server.requests.isEmpty)

        let started = ContinuousClock.now
        async let drained = dispatcher.drain(timeout: patience)
        #expect(await server.waitForRequests(1))
        // While the webhook hangs, the other sink has its alert.
        #expect(await eventually { other.received.count == 1 })
        let statistics = await drained
        #expect(ContinuousClock.now - started < patience, "the 1 s timeout must end the hanging delivery")
        #expect(statistics[0].failed == 1)
        #expect(statistics[1].delivered == 1)
        let messages = try folder.logMessages()
        #expect(
            messages.contains(
                "alert sink webhook ($HOOK) failed (attempt 1 of 1): no answer within 1 s; the alert is given up"),
            "\(messages)")
    }

    @Test func aDrainThatRunsOutOfTimeCancelsAHangingDeliveryAndKeepsTheAlert() async throws {
        let server = try LocalHTTPServer(.hang)
        defer { server.stop() }
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let webhook = try WebhookAlertSink(url: server.url, variable: "HOOK", mode: .paper, timeout: .seconds(3_600))
        let dispatcher = AlertDispatcher(
            sinks: [webhook], journal: nil, logger: folder.log.logger(label: "test"),
            settings: try .testing(RecordedSleeps(), attempts: 1))
        dispatcher.raise(SampleAlert.numbered(1))
        let started = ContinuousClock.now
        let statistics = await dispatcher.drain(timeout: .milliseconds(500))
        #expect(ContinuousClock.now - started < patience, "the drain must not wait for the hour-long timeout")
        #expect(server.requests.count == 1)
        #expect(statistics[0].waiting == 1)
        #expect(statistics[0].failed == 0)
    }

    @Test func aRefusedConnectionIsAFailureThatNamesNoURL() async throws {
        // A port nothing listens on: the server is stopped before the alert is sent.
        let server = try LocalHTTPServer(.answer([]))
        let url = server.url
        server.stop()
        let sink = try WebhookAlertSink(url: url, variable: "HOOK", mode: .paper, timeout: .seconds(5))
        await #expect(throws: AlertError.self) { try await sink.deliver(SampleAlert.numbered(1)) }
        do {
            try await sink.deliver(SampleAlert.numbered(1))
        } catch {
            #expect(!"\(error)".contains("127.0.0.1"), "\(error)")
        }
    }

    @Test(arguments: ["ftp://example.com/hook", "not a url", "https://"])
    func anAddressThatIsNotHTTPIsRefusedWithoutPrintingIt(_ text: String) throws {
        guard let url = URL(string: text) else { return }
        #expect(throws: AlertError.invalidWebhookURL(variable: "HOOK")) {
            try WebhookAlertSink(url: url, variable: "HOOK", mode: .live, timeout: .seconds(1))
        }
    }
}

/// Polls `condition` every 10 ms for at most `timeout`; true once it holds.
func eventually(timeout: Duration = patience, _ condition: @Sendable () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
