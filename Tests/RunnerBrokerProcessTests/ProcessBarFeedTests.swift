import Foundation
import RunnerBrokerProcess
import RunnerCore
import RunnerFeed
import Testing

/// ProcessBarFeed over real programs: Fixtures/feed_bars.py and examples/feeds/csv_feed.py.
@Suite struct ProcessBarFeedTests {
    private func feed(exit: Int, linger: Double = 0, onFailure: FailurePolicy = .fail, problems: Lines)
        -> ProcessBarFeed
    {
        var environment = Fixtures.environment
        environment["FEED_EXIT"] = String(exit)
        environment["FEED_LINGER"] = String(linger)
        return ProcessBarFeed(
            settings: Fixtures.settings(
                ["python3", Fixtures.path("feed_bars.py")], onFailure: onFailure,
                variables: ["FEED_EXIT", "FEED_LINGER"]),
            environment: environment, problems: problems.add)
    }

    private static let bars: [FeedEvent] = [
        .bar(Bar(symbol: "AAPL", timestamp: 1_732_000_000_000, open: 10, high: 11, low: 9.5, close: 10.5, volume: 100)),
        .bar(
            Bar(symbol: "AAPL", timestamp: 1_732_000_060_000, open: 10.5, high: 11, low: 10, close: 10.25, volume: 120)),
        .bar(
            Bar(
                symbol: "AAPL", timestamp: 1_732_000_180_000, open: 10.25, high: 10.75, low: 10, close: 10.5, volume: 90
            )),
    ]

    @Test func barsComeInOrderAndMalformedLinesAreReportedWithTheirNumbersAndSkipped() async throws {
        let problems = Lines()
        let feed = feed(exit: 0, problems: problems)
        try await feed.start(symbols: ["AAPL", "MSFT"])
        let events = await first(5, of: feed.events, within: .seconds(30))
        // Exit status 0 is the end of the data: the stream ends after the bars, with no failure.
        #expect(events == Self.bars, "\(events)")
        #expect(problems.all.count == 2, "\(problems.all)")
        #expect(problems.all.first?.hasPrefix("the feed program's line 3: not a JSON object:") == true)
        #expect(
            problems.all.last
                == "the feed program's line 4: bar.symbol is ZZZZ, which is not subscribed (AAPL,MSFT); skipped")
        await feed.stop()
    }

    @Test func aFeedThatExitsIsLostAndRestartedThenFailsPastTheLimit() async throws {
        let problems = Lines()
        let feed = feed(exit: 2, onFailure: Fixtures.restarting(1), problems: problems)
        try await feed.start(symbols: ["AAPL"])
        let events = await first(9, of: feed.events, within: .seconds(30))
        let lost = "the feed program exited with status 2 (last log line: feed_bars: symbols AAPL)"
        #expect(
            events == Self.bars + [.lost(reason: lost), .restored] + Self.bars + [
                .failed(reason: "\(lost); gave up: 1 restarts within 60s already (at most 1)")
            ], "\(events)")
        await feed.stop()
    }

    @Test func underTheFailPolicyTheFirstExitFailsTheFeed() async throws {
        let feed = feed(exit: 1, problems: Lines())
        try await feed.start(symbols: ["AAPL"])
        let events = await first(4, of: feed.events, within: .seconds(30))
        #expect(
            events.last
                == .failed(reason: "the feed program exited with status 1 (last log line: feed_bars: symbols AAPL)"))
    }

    @Test func stopEndsAProgramThatStillRuns() async throws {
        let feed = feed(exit: 0, linger: 60, problems: Lines())
        try await feed.start(symbols: ["AAPL"])
        let bars = await first(3, of: feed.events, within: .seconds(30))
        #expect(bars == Self.bars)
        let started = ContinuousClock.now
        await feed.stop()
        // Bounded, and well before the program's own 60 s end: stop ended it.
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func theCSVExampleFeedsTheSampleInTimeOrder() async throws {
        let feed = ProcessBarFeed(
            settings: Fixtures.settings(["python3", Fixtures.csvFeed, "--speed", "0", "data/sample"]),
            environment: Fixtures.environment)
        try await feed.start(symbols: ["AAPL", "JPM"])
        let events = await first(4, of: feed.events, within: .seconds(30))
        await feed.stop()
        let bars = events.compactMap { event -> Bar? in
            if case .bar(let bar) = event { return bar }
            return nil
        }
        #expect(bars.map(\.symbol) == ["AAPL", "JPM", "AAPL", "JPM"])
        #expect(
            bars.first
                == Bar(
                    symbol: "AAPL", timestamp: 1_767_623_400_000, open: 161.23, high: 161.24, low: 160.97,
                    close: 160.98, volume: 31_799))
        #expect(bars.map(\.timestamp) == [1_767_623_400_000, 1_767_623_400_000, 1_767_623_460_000, 1_767_623_460_000])
    }
}
