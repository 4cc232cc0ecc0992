import Foundation
import RunnerCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// How the adapter pauses (rate-limit waits, reconnection backoff): `Task.sleep` in a run, a recorder in tests.
public typealias AlpacaSleep = @Sendable (Duration) async throws -> Void

/// One answer from Alpaca's REST API.
struct AlpacaHTTPResponse: Sendable {
    var status: Int
    /// Header values by lower-cased name.
    var headers: [String: String]
    var body: Data

    /// Alpaca's error text: the `message` of `{"code":40010001,"message":"..."}`, else the body's first
    /// 300 characters.
    var message: String {
        struct ErrorBody: Decodable { var message: String }
        if let decoded = try? JSONDecoder().decode(ErrorBody.self, from: body) { return decoded.message }
        return String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `HTTP 422: qty must be > 0`, for error messages.
    var summary: String { message.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(message)" }
}

/// Calls the trading REST API with the key headers, each call bounded by the request timeout and given
/// up when its task is cancelled; an HTTP 429 is waited out (see ``RateLimitWait``) up to the longest
/// rate-limit wait. URLSession does the HTTP (and on Linux the TLS, through libcurl).
final class AlpacaRESTClient: Sendable {
    enum Method: String, Sendable { case GET, POST, DELETE }

    let settings: AlpacaSettings
    private let session: URLSession
    private let sleep: AlpacaSleep
    private let now: @Sendable () -> Int64

    init(settings: AlpacaSettings, sleep: @escaping AlpacaSleep, now: @escaping @Sendable () -> Int64) {
        let urlSessionTimeout = (settings.requestTimeout.seconds + 1).rounded(.up)
        self.settings = settings
        self.sleep = sleep
        self.now = now
        let configuration = URLSessionConfiguration.ephemeral
        // The bound is ``bounded(_:operation:)``'s; libcurl's own timeout, in whole seconds and firing early
        // below one, only backs it up.
        configuration.timeoutIntervalForRequest = urlSessionTimeout
        configuration.timeoutIntervalForResource = urlSessionTimeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Sends one request; `operation` names it in errors ("submit order abc-1").
    func send(
        _ method: Method, _ path: String, query: [URLQueryItem] = [], json body: Data? = nil, operation: String
    ) async throws(AlpacaError) -> AlpacaHTTPResponse {
        guard var components = URLComponents(url: settings.baseURL, resolvingAgainstBaseURL: false) else {
            throw .invalidSetting("baseURL", "\(settings.baseURL) cannot take a path")
        }
        let basePath = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        components.percentEncodedPath = basePath + path
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else { throw .invalidSetting("baseURL", "\(path) does not make a URL") }
        var request = URLRequest(
            url: url, cachePolicy: .reloadIgnoringLocalCacheData,
            timeoutInterval: (settings.requestTimeout.seconds + 1).rounded(.up))
        request.httpMethod = method.rawValue
        request.setValue(settings.keyID, forHTTPHeaderField: "APCA-API-KEY-ID")
        request.setValue(settings.secretKey, forHTTPHeaderField: "APCA-API-SECRET-KEY")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        var waited = Duration.zero
        var attempt = 0
        while true {
            let response = try await bounded(request, operation: operation)
            guard response.status == 429 else { return response }
            let wait = RateLimitWait.delay(
                retryAfter: response.headers["retry-after"], rateLimitReset: response.headers["x-ratelimit-reset"],
                nowMilliseconds: now(), attempt: attempt)
            guard waited + wait <= settings.maxRateLimitWait else {
                throw .rateLimited(operation: operation, waitedSeconds: waited.seconds)
            }
            do { try await sleep(wait) } catch {
                throw .transport(operation: operation, reason: "cancelled while waiting out the rate limit")
            }
            waited += wait
            attempt += 1
        }
    }

    /// One request within the request timeout (URLSession's own timeout is an idle timeout; this bounds the whole).
    private func bounded(_ request: URLRequest, operation: String) async throws(AlpacaError) -> AlpacaHTTPResponse {
        let timeout = settings.requestTimeout
        let session = session
        let first = await withTaskGroup(of: Result<AlpacaHTTPResponse, AlpacaError>?.self) { group in
            group.addTask { await Self.perform(request, session: session, operation: operation) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if Task.isCancelled { throw .transport(operation: operation, reason: "the request was cancelled") }
        guard let first else { throw .timedOut(operation: operation, seconds: timeout.seconds) }
        return try first.get()
    }

    private static func perform(_ request: URLRequest, session: URLSession, operation: String) async -> Result<
        AlpacaHTTPResponse, AlpacaError
    > {
        let handle = DataTaskHandle()
        return await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<AlpacaHTTPResponse, AlpacaError>, Never>) in
                let task = session.dataTask(with: request) { data, response, error in
                    if let error {
                        continuation.resume(returning: .failure(Self.failure(error, operation: operation, request)))
                        return
                    }
                    guard let http = response as? HTTPURLResponse else {
                        continuation.resume(
                            returning: .failure(.malformedReply(operation: operation, reason: "not an HTTP response")))
                        return
                    }
                    var headers: [String: String] = [:]
                    for case (let name as String, let value as String) in http.allHeaderFields {
                        headers[name.lowercased()] = value
                    }
                    continuation.resume(
                        returning: .success(
                            AlpacaHTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data())))
                }
                handle.start(task)
            }
        } onCancel: {
            handle.cancel()
        }
    }

    /// What went wrong, by the URL error's code alone: the error's own text may quote the URL.
    private static func failure(_ error: any Error, operation: String, _ request: URLRequest) -> AlpacaError {
        guard let error = error as? URLError else {
            return .transport(operation: operation, reason: "\(type(of: error))")
        }
        let reason: String
        switch error.code {
        case .timedOut: reason = "libcurl gave up waiting for the answer"
        case .cannotConnectToHost: reason = "the connection was refused"
        case .cannotFindHost, .dnsLookupFailed: reason = "the host name does not resolve"
        case .networkConnectionLost: reason = "the connection was lost before the answer"
        case .notConnectedToInternet: reason = "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            reason = "the TLS handshake failed"
        case .cancelled: reason = "the request was cancelled"
        default: reason = "URL error \(error.code.rawValue)"
        }
        return .transport(operation: operation, reason: reason)
    }
}

/// The running data task, so a cancelled caller cancels it (also when cancellation comes first).
private final class DataTaskHandle: Sendable {
    private struct State: @unchecked Sendable {
        var task: URLSessionDataTask?
        var cancelled = false
    }

    private let state = Locked(State())

    func start(_ task: URLSessionDataTask) {
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        task.resume()
        if cancelled { task.cancel() }
    }

    func cancel() {
        let task = state.withLock { state in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }
}

extension Duration {
    /// The duration in seconds, as `TimeInterval` wants it.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
