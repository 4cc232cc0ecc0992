import Testing

@testable import RunnerBrokerAlpaca

@Suite struct RateLimitWaitTests {
    @Test func retryAfterComesFirst() {
        let wait = RateLimitWait.delay(retryAfter: "3", rateLimitReset: "1614009070", nowMilliseconds: 0, attempt: 0)
        #expect(wait == .seconds(3))
    }

    @Test func theResetEpochSecondGivesTheWaitFromNow() {
        let wait = RateLimitWait.delay(
            retryAfter: nil, rateLimitReset: "1614009070", nowMilliseconds: 1_614_009_062_500, attempt: 0)
        #expect(wait == .milliseconds(7_500))
    }

    @Test func aResetAlreadyPastWaitsTheMinimum() {
        let wait = RateLimitWait.delay(
            retryAfter: nil, rateLimitReset: "1614009000", nowMilliseconds: 1_614_009_062_500, attempt: 0)
        #expect(wait == RateLimitWait.minimum)
    }

    @Test func withoutHeadersTheWaitDoublesUpToItsLimit() {
        let waits = (0..<8).map {
            RateLimitWait.delay(retryAfter: nil, rateLimitReset: nil, nowMilliseconds: 0, attempt: $0)
        }
        #expect(
            waits == [
                .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30), .seconds(30),
                .seconds(30),
            ])
    }

    @Test func malformedHeadersAreIgnored() {
        let wait = RateLimitWait.delay(retryAfter: "soon", rateLimitReset: "-5", nowMilliseconds: 0, attempt: 1)
        #expect(wait == .seconds(2))
    }
}

@Suite struct ReconnectBackoffTests {
    @Test func delaysDoubleToTheMaximumAndStartOverAfterAReset() {
        var backoff = ReconnectBackoff(initial: .milliseconds(100), maximum: .milliseconds(500))
        #expect(
            (0..<5).map { _ in backoff.delay() } == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500), .milliseconds(500),
            ])
        #expect(backoff.failures == 5)
        backoff.reset()
        #expect(backoff.delay() == .milliseconds(100))
    }
}
