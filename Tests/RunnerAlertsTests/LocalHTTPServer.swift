import Foundation
import RunnerCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP/1.1 server on a free loopback port, for the webhook tests: it records each request and
/// answers with the statuses it was given, in order (200 once they run out), or never answers at all.
/// Connections are served one at a time on a thread of its own, never on Swift's cooperative threads.
final class LocalHTTPServer: Sendable {
    enum Behaviour: Sendable {
        /// Answers the first requests with these statuses, then 200.
        case answer([Int])
        /// Reads each request and never answers, holding the connection open until ``stop()``.
        case hang
    }

    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: Data
    }

    let port: UInt16
    private let listener: Int32
    private let behaviour: Behaviour

    private struct State {
        var requests: [Request] = []
        var heldConnections: [Int32] = []
        var stopped = false
    }

    private let state = Locked(State())

    init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ServerError("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(listener, socketAddress, length) == 0 && listen(listener, 16) == 0
                    && getsockname(listener, socketAddress, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw ServerError("bind or listen on 127.0.0.1 failed: \(errno)")
        }
        port = UInt16(bigEndian: address.sin_port)
        self.listener = listener
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/hooks/alerts")! }

    var requests: [Request] { state.withLock { $0.requests } }

    /// Waits, polling, until `count` requests arrived or `timeout` passed; true when they did.
    func waitForRequests(_ count: Int, timeout: Duration = patience) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if requests.count >= count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return requests.count >= count
    }

    /// Stops accepting and closes every held connection.
    func stop() {
        let held = state.withLock { state in
            state.stopped = true
            defer { state.heldConnections = [] }
            return state.heldConnections
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for connection in held { close(connection) }
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                return
            }
            guard let request = Self.read(connection) else {
                close(connection)
                continue
            }
            let (stopped, status) = state.withLock { state -> (Bool, Int?) in
                state.requests.append(request)
                switch behaviour {
                case .hang:
                    state.heldConnections.append(connection)
                    return (state.stopped, nil)
                case .answer(let statuses):
                    let index = state.requests.count - 1
                    return (state.stopped, index < statuses.count ? statuses[index] : 200)
                }
            }
            if let status {
                let body = status == 200 ? "ok" : "failure \(status)"
                let response =
                    "HTTP/1.1 \(status) Status\r\nContent-Type: text/plain\r\nContent-Length: "
                    + "\(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
                _ = response.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                close(connection)
            } else if stopped {
                close(connection)
            }
        }
    }

    /// One request: the head up to the blank line, then `Content-Length` bytes of body.
    private static func read(_ connection: Int32) -> Request? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        var headEnd: Int?
        var contentLength = 0
        while true {
            if let end = headEnd, bytes.count >= end + contentLength { break }
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            bytes += buffer[0..<count]
            if headEnd == nil, let range = findBlankLine(bytes) {
                headEnd = range
                let head = String(decoding: bytes[0..<range], as: UTF8.self)
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        guard let end = headEnd else { return nil }
        let lines = String(decoding: bytes[0..<end], as: UTF8.self).split(separator: "\r\n").map(String.init)
        let requestLine = lines.first?.split(separator: " ").map(String.init) ?? []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Request(
            method: requestLine.first ?? "", path: requestLine.count > 1 ? requestLine[1] : "",
            headers: headers, body: Data(bytes[end..<(end + contentLength)]))
    }

    /// The index just past the first `\r\n\r\n`.
    private static func findBlankLine(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }
}

struct ServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
