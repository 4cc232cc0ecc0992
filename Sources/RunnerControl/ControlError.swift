#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a command could not reach a running engine, or why a control socket could not be opened.
public enum ControlError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The socket path does not fit a Unix socket address (`sun_path`); it is never truncated.
    case pathTooLong(path: String, length: Int, limit: Int)
    /// Something answers at the path already: a second run of the same environment must not start.
    case anotherRunAlive(path: String)
    /// A file that is not a socket sits where the socket belongs; it is left alone.
    case notASocket(path: String)
    /// No file at the path: no run of the environment is alive.
    case noRunAlive(path: String)
    /// The file is there but nothing listens (connection refused): the run that made it died.
    case staleSocket(path: String)
    /// The engine took the connection but did not answer in time.
    case timedOut(path: String, timeout: Duration)
    /// The engine answered with something that is not a reply of this version.
    case malformedReply(path: String, problem: String)
    /// A system call failed for another reason.
    case system(operation: String, path: String, errorNumber: Int32)

    public var description: String {
        switch self {
        case .pathTooLong(let path, let length, let limit):
            "the control socket path '\(path)' is \(length) bytes long, but a Unix socket path may have at most "
                + "\(limit) bytes; use a config root with a shorter path"
        case .anotherRunAlive(let path):
            "another run of this environment is alive: it answers at \(path); stop it before starting a new one"
        case .notASocket(let path):
            "\(path) is not a socket; it is where the control socket belongs, so move or remove that file"
        case .noRunAlive(let path):
            "no run is alive: nothing listens at \(path)"
        case .staleSocket(let path):
            "no run is alive: \(path) is left from a run that died"
        case .timedOut(let path, let timeout):
            "the engine at \(path) did not answer within \(Self.seconds(timeout)); the command may still be applied, "
                + "so check with `runner status`"
        case .malformedReply(let path, let problem):
            "the engine at \(path) sent a reply this runner cannot read: \(problem)"
        case .system(let operation, let path, let errorNumber):
            "could not \(operation) \(path): \(String(cString: strerror(errorNumber))) (errno \(errorNumber))"
        }
    }

    /// `10 seconds`, `0.25 seconds`, `1 second`.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        guard attoseconds != 0 else { return "\(seconds) second\(seconds == 1 ? "" : "s")" }
        let milliseconds = seconds * 1_000 + attoseconds / 1_000_000_000_000_000
        return "\(Double(milliseconds) / 1_000) seconds"
    }
}
