import Foundation
import RunnerCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts each alert as JSON (``AlertPayload``) to an incoming-webhook URL, such as Slack's, Mattermost's
/// or Discord's Slack-compatible one. An answer outside 200-299, no answer within the timeout, or no
/// connection at all is a failure the dispatcher retries. HTTPS works as HTTP does.
///
/// The URL usually holds a secret (the webhook's token): it appears in no log line and no error.
public final class WebhookAlertSink: AlertSink {
    public let name: String
    private let url: URL
    private let mode: TradingMode
    private let timeout: Duration
    private let session: URLSession

    /// - Parameters:
    ///   - url: where to post; `http` or `https` with a host, else ``AlertError/invalidWebhookURL(variable:)``.
    ///   - variable: the environment variable the URL came from, to name the sink without the secret.
    ///   - timeout: how long one delivery may take, connecting included.
    public init(url: URL, variable: String, mode: TradingMode, timeout: Duration) throws(AlertError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { throw .invalidWebhookURL(variable: variable) }
        name = "webhook ($\(variable))"
        self.url = url
        self.mode = mode
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout.seconds
        configuration.timeoutIntervalForResource = timeout.seconds
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func deliver(_ alert: OperatorAlert) async throws {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout.seconds)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = AlertPayload(alert, mode: mode).json
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            guard let error = error as? URLError else { throw AlertError.transport("\(type(of: error))") }
            throw error.code == .timedOut
                ? AlertError.timedOut(seconds: timeout.seconds) : AlertError.transport(Self.reason(error))
        }
        guard let status = (response as? HTTPURLResponse)?.statusCode else {
            throw AlertError.transport("the answer is not an HTTP response")
        }
        guard (200..<300).contains(status) else {
            let body = String(decoding: data.prefix(300), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw AlertError.httpStatus(status, body: body)
        }
    }

    /// What went wrong, by the URL error's code alone: the error's own text may quote the URL.
    private static func reason(_ error: URLError) -> String {
        switch error.code {
        case .cannotConnectToHost: "the connection was refused"
        case .cannotFindHost, .dnsLookupFailed: "the host name does not resolve"
        case .networkConnectionLost: "the connection was lost"
        case .notConnectedToInternet: "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            "the TLS handshake failed"
        case .cancelled: "the request was cancelled"
        default: "URL error \(error.code.rawValue)"
        }
    }
}

extension Duration {
    /// The duration in seconds, as `TimeInterval` wants it.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
