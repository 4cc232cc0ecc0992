import Foundation

/// Where Alpaca is and who is calling: the trading REST API, its trade-updates stream, the market data
/// stream, the API key, and the bounds on waiting for answers.
///
/// The config layer reads the key id and secret from environment variables and hands their values here;
/// they appear in no error or log line.
public struct AlpacaSettings: Sendable {
    /// The trading REST API: `https://paper-api.alpaca.markets` or `https://api.alpaca.markets`
    /// (`http://` for a local server).
    public var baseURL: URL
    /// The trade-updates stream; by default `wss://<baseURL host>/stream` (`ws://` for an `http://` base).
    public var tradingStreamURL: URL
    /// The market data v2 stream with its feed, by default `wss://stream.data.alpaca.markets/v2/iex`.
    public var dataStreamURL: URL
    public var keyID: String
    public var secretKey: String
    /// How long one REST call, or one stream handshake step, may take before it counts as unanswered.
    public var requestTimeout: Duration
    /// The longest total wait on HTTP 429 answers for one call before it fails.
    public var maxRateLimitWait: Duration
    /// The first pause before reconnecting a dropped stream; it doubles on each failed attempt.
    public var reconnectInitialDelay: Duration
    /// The longest pause between reconnection attempts.
    public var reconnectMaximumDelay: Duration

    /// The market data stream Alpaca serves to every account (the IEX feed).
    public static let defaultDataStreamURL = URL(string: "wss://stream.data.alpaca.markets/v2/iex")!

    /// - Throws: ``AlpacaError/invalidSetting(_:_:)`` for a URL with the wrong scheme or no host, an empty
    ///   key, or a duration that is not positive.
    public init(
        baseURL: URL, tradingStreamURL: URL? = nil, dataStreamURL: URL = AlpacaSettings.defaultDataStreamURL,
        keyID: String, secretKey: String, requestTimeout: Duration = .seconds(10),
        maxRateLimitWait: Duration = .seconds(60), reconnectInitialDelay: Duration = .milliseconds(500),
        reconnectMaximumDelay: Duration = .seconds(30)
    ) throws(AlpacaError) {
        try Self.check(baseURL, field: "baseURL", schemes: ["http", "https"])
        let streamURL = tradingStreamURL ?? Self.derivedStreamURL(baseURL)
        try Self.check(streamURL, field: "tradingStreamURL", schemes: ["ws", "wss"])
        try Self.check(dataStreamURL, field: "dataStreamURL", schemes: ["ws", "wss"])
        guard !keyID.isEmpty else { throw .invalidSetting("keyID", "the API key id is empty") }
        guard !secretKey.isEmpty else { throw .invalidSetting("secretKey", "the API secret key is empty") }
        for (field, value) in [
            ("requestTimeout", requestTimeout), ("reconnectInitialDelay", reconnectInitialDelay),
            ("reconnectMaximumDelay", reconnectMaximumDelay),
        ] where value <= .zero {
            throw .invalidSetting(field, "must be positive, not \(value)")
        }
        guard maxRateLimitWait >= .zero else {
            throw .invalidSetting("maxRateLimitWait", "must not be negative, not \(maxRateLimitWait)")
        }
        guard reconnectMaximumDelay >= reconnectInitialDelay else {
            throw .invalidSetting(
                "reconnectMaximumDelay",
                "\(reconnectMaximumDelay) is shorter than reconnectInitialDelay \(reconnectInitialDelay)")
        }
        self.baseURL = baseURL
        self.tradingStreamURL = streamURL
        self.dataStreamURL = dataStreamURL
        self.keyID = keyID
        self.secretKey = secretKey
        self.requestTimeout = requestTimeout
        self.maxRateLimitWait = maxRateLimitWait
        self.reconnectInitialDelay = reconnectInitialDelay
        self.reconnectMaximumDelay = reconnectMaximumDelay
    }

    /// `wss://<host>[:port]/stream` for an `https` base, `ws://` for an `http` one.
    static func derivedStreamURL(_ baseURL: URL) -> URL {
        var components = URLComponents()
        components.scheme = baseURL.scheme?.lowercased() == "http" ? "ws" : "wss"
        components.host = baseURL.host
        components.port = baseURL.port
        components.path = "/stream"
        return components.url ?? baseURL
    }

    private static func check(_ url: URL, field: String, schemes: Set<String>) throws(AlpacaError) {
        guard let scheme = url.scheme?.lowercased(), schemes.contains(scheme) else {
            let allowed = schemes.sorted().map { "\($0)://" }.joined(separator: " or ")
            throw .invalidSetting(field, "\(url.absoluteString) is not a \(allowed) URL")
        }
        guard let host = url.host, !host.isEmpty else {
            throw .invalidSetting(field, "\(url.absoluteString) has no host")
        }
    }
}
