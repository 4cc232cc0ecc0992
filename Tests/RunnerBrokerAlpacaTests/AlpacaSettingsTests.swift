import Foundation
import Testing

@testable import RunnerBrokerAlpaca

@Suite struct AlpacaSettingsTests {
    @Test func theTradingStreamIsDerivedFromTheBaseURL() throws {
        let paper = try AlpacaSettings(
            baseURL: URL(string: "https://paper-api.alpaca.markets")!, keyID: "k", secretKey: "s")
        #expect(paper.tradingStreamURL.absoluteString == "wss://paper-api.alpaca.markets/stream")
        #expect(paper.dataStreamURL.absoluteString == "wss://stream.data.alpaca.markets/v2/iex")
        #expect(paper.requestTimeout == .seconds(10))
        let local = try AlpacaSettings(baseURL: URL(string: "http://127.0.0.1:8080")!, keyID: "k", secretKey: "s")
        #expect(local.tradingStreamURL.absoluteString == "ws://127.0.0.1:8080/stream")
    }

    @Test func wrongSchemesEmptyKeysAndNonPositiveDurationsAreRefused() {
        let base = URL(string: "https://api.alpaca.markets")!
        #expect(throws: AlpacaError.invalidSetting("baseURL", "ftp://x is not a http:// or https:// URL")) {
            try AlpacaSettings(baseURL: URL(string: "ftp://x")!, keyID: "k", secretKey: "s")
        }
        #expect(throws: AlpacaError.invalidSetting("dataStreamURL", "https://x/v2/iex is not a ws:// or wss:// URL")) {
            try AlpacaSettings(
                baseURL: base, dataStreamURL: URL(string: "https://x/v2/iex")!, keyID: "k", secretKey: "s")
        }
        #expect(throws: AlpacaError.invalidSetting("keyID", "the API key id is empty")) {
            try AlpacaSettings(baseURL: base, keyID: "", secretKey: "s")
        }
        #expect(throws: AlpacaError.invalidSetting("requestTimeout", "must be positive, not 0.0 seconds")) {
            try AlpacaSettings(baseURL: base, keyID: "k", secretKey: "s", requestTimeout: .zero)
        }
    }
}
