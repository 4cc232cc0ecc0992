/// What goes wrong in the Alpaca module outside a broker call (those throw `BrokerError`, which carries
/// these descriptions in `adapterFailure`).
public enum AlpacaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A setting is wrong: the field and why.
    case invalidSetting(String, String)
    /// A `wss://` stream URL: this build has no TLS for websockets.
    case tlsNotBuiltIn(url: String)
    /// Alpaca answered 401 or 403 to the credentials (REST) or refused them on a stream.
    case credentialsRefused(String)
    /// No answer within the request timeout.
    case timedOut(operation: String, seconds: Double)
    /// The connection failed or broke before an answer came.
    case transport(operation: String, reason: String)
    /// Alpaca kept answering 429 past the longest rate-limit wait.
    case rateLimited(operation: String, waitedSeconds: Double)
    /// A stream broke its documented protocol, or said it failed (`{"T":"error",...}`).
    case stream(String)
    /// An answer that does not read as the documented JSON.
    case malformedReply(operation: String, reason: String)

    public var description: String {
        switch self {
        case .invalidSetting(let field, let reason): "Alpaca setting \(field): \(reason)"
        case .tlsNotBuiltIn(let url):
            "cannot open \(url): TLS for websockets is not built into this version (no swift-nio-ssl, and this "
                + "platform's URLSession has no websocket support); give a ws:// URL, such as a local TLS-terminating "
                + "proxy in front of Alpaca (see docs/ALPACA.md)"
        case .credentialsRefused(let detail):
            "Alpaca refused the credentials (\(detail)): check the key id and secret key"
        case .timedOut(let operation, let seconds): "\(operation): no answer from Alpaca within \(seconds) s"
        case .transport(let operation, let reason): "\(operation): \(reason)"
        case .rateLimited(let operation, let waited):
            "\(operation): Alpaca still answers 429 (rate limit) after waiting \(waited) s, the most allowed"
        case .stream(let reason): "Alpaca stream: \(reason)"
        case .malformedReply(let operation, let reason): "\(operation): unexpected answer from Alpaca: \(reason)"
        }
    }
}
