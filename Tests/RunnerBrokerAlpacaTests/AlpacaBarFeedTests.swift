import Foundation
import RunnerBrokerAlpaca
import RunnerCore
import RunnerFeed
import Testing

/// The market data stream against the in-memory Alpaca.
@Suite(.timeLimit(.minutes(1))) struct AlpacaBarFeedTests {
    private func withFeed(_ body: (FakeAlpacaServer, AlpacaBarFeed, EventCollector<FeedEvent>) async throws -> Void)
        async throws
    {
        let server = try await FakeAlpacaServer.start()
        let feed = AlpacaBarFeed(settings: try server.settings())
        let events = EventCollector(feed.events)
        do {
            try await feed.start(symbols: ["AAPL", "MSFT"])
            try await body(server, feed, events)
        } catch {
            await feed.stop()
            await server.stop()
            throw error
        }
        await feed.stop()
        await server.stop()
    }

    @Test func barsArriveWithTheirStartTime() async throws {
        try await withFeed { server, _, events in
            server.alpaca.publishMarketData(
                #"[{"T":"b","S":"AAPL","o":133.72,"h":133.82,"l":133.7,"c":133.76,"v":3452,"t":"2021-02-22T15:51:00Z"},"#
                    + #"{"T":"t","S":"AAPL","p":133.7},{"T":"b","S":"MSFT","o":1,"h":2,"l":0.5,"c":1.5,"v":10,"t":"2021-02-22T15:51:00Z"}]"#
            )
            try await events.wait(for: "the MSFT bar") {
                if case .bar(let bar) = $0 { return bar.symbol == "MSFT" }
                return false
            }
            #expect(
                events.all == [
                    .bar(
                        Bar(
                            symbol: "AAPL", timestamp: 1_614_009_060_000, open: 133.72, high: 133.82, low: 133.7,
                            close: 133.76, volume: 3452)),
                    .bar(
                        Bar(
                            symbol: "MSFT", timestamp: 1_614_009_060_000, open: 1, high: 2, low: 0.5, close: 1.5,
                            volume: 10)),
                ])
        }
    }

    @Test func anErrorMessageIsReportedAsALossAndTheFeedResubscribes() async throws {
        try await withFeed { server, _, events in
            server.alpaca.publishMarketData(#"[{"T":"error","code":407,"msg":"slow client"}]"#)
            try await events.wait(for: "the restoration") { $0 == .restored }
            #expect(events.all.first == .lost(reason: "Alpaca market data stream error 407: slow client"))
            server.alpaca.publishMarketData(
                #"[{"T":"b","S":"AAPL","o":1,"h":1,"l":1,"c":1,"v":1,"t":"2021-02-22T15:52:00Z"}]"#)
            try await events.wait(for: "a bar after the restoration") {
                if case .bar = $0 { return true }
                return false
            }
        }
    }

    @Test func aDroppedConnectionIsLostThenRestored() async throws {
        try await withFeed { server, _, events in
            server.alpaca.dropStreams()
            try await events.wait(for: "the restoration") { $0 == .restored }
            #expect(events.all == [.lost(reason: "the market data stream closed"), .restored])
            #expect(server.alpaca.openStreams(.marketData) == 1)
        }
    }

    @Test func wrongKeysAreRefusedAtStart() async throws {
        let server = try await FakeAlpacaServer.start()
        let feed = AlpacaBarFeed(settings: try server.settings(keyID: "wrong"))
        await #expect(throws: AlpacaError.credentialsRefused("market data stream error 402: auth failed")) {
            try await feed.start(symbols: ["AAPL"])
        }
        await server.stop()
    }

    @Test func aWSSURLIsRefusedForWantOfTLS() async throws {
        let feed = AlpacaBarFeed(
            settings: try AlpacaSettings(
                baseURL: URL(string: "https://paper-api.alpaca.markets")!, keyID: "k", secretKey: "s"))
        await #expect(throws: AlpacaError.tlsNotBuiltIn(url: "wss://stream.data.alpaca.markets/v2/iex")) {
            try await feed.start(symbols: ["AAPL"])
        }
    }
}
