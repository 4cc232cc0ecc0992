/// An NTP server to ask: a host name or address, and a UDP port (123 for NTP).
public struct NTPServer: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Why a server gave no usable sample.
public enum SNTPQueryFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The host name did not resolve, with the resolver's message.
    case unresolvable(String)
    /// The system refused a socket call (`socket`, `connect`, `send`, `recv`, `poll`), with its errno text.
    case system(operation: String, message: String)
    /// Nothing listens on the port: the host answered the datagram with ICMP port unreachable.
    case refused
    /// A reply came back but cannot be used.
    case invalidReply(SNTPReplyProblem)
    /// No acceptable reply within the timeout; `ignored` is the last datagram set aside meanwhile (a stale
    /// or spoofed reply), when there was one.
    case timedOut(after: Duration, ignored: SNTPReplyProblem?)

    public var description: String {
        switch self {
        case .unresolvable(let message): "the host name does not resolve (\(message))"
        case .system(let operation, let message): "\(operation) failed: \(message)"
        case .refused: "nothing listens there (connection refused)"
        case .invalidReply(let problem): "refused its reply: \(problem)"
        case .timedOut(let timeout, let ignored):
            "no answer within \(ClockSample.limit(timeout))"
                + (ignored.map { "; a reply was set aside: \($0)" } ?? "")
        }
    }
}
