import RunnerCore
import Testing

@testable import RunnerFeed

@Suite struct FeedEventTests {
    @Test func barsCompareByValue() {
        let bar = Bar(symbol: "AAPL", timestamp: 60_000, open: 1, high: 2, low: 1, close: 2, volume: 10)
        #expect(FeedEvent.bar(bar) == .bar(bar))
        #expect(FeedEvent.bar(bar) != .lost(reason: "x"))
    }
}
