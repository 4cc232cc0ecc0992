/// The sender's end of the command channel: one command, one reply, over the socket of a running engine.
public enum ControlClient {
    /// Sends `command` to the engine listening at `path` and waits up to `timeout` for its reply.
    ///
    /// Blocks the calling thread: it is meant for a command-line process that does nothing else.
    ///
    /// - Throws: ``ControlError/noRunAlive(path:)`` when no file is there, ``ControlError/staleSocket(path:)``
    ///   when the file is left from a run that died, ``ControlError/timedOut(path:timeout:)``,
    ///   ``ControlError/malformedReply(path:problem:)``, ``ControlError/pathTooLong(path:length:limit:)``, or a
    ///   system failure.
    public static func send(_ command: ControlCommand, to path: String, timeout: Duration) throws(ControlError)
        -> ControlReply
    {
        let deadline = ContinuousClock.now + timeout
        let socket: UnixSocket
        switch try UnixSocket.connecting(to: path, timeout: timeout) {
        case .connected(let connected): socket = connected
        case .missing: throw .noRunAlive(path: path)
        case .refused: throw .staleSocket(path: path)
        case .timedOut: throw .timedOut(path: path, timeout: timeout)
        case .failed(let errorNumber): throw .system(operation: "connect to", path: path, errorNumber: errorNumber)
        }
        defer { socket.close() }
        switch socket.write(ControlWire.encode(command), deadline: deadline) {
        case .written, .failed:
            // A server that refused an unreadable request may close before taking it all: its reply still counts.
            break
        case .timedOut:
            throw .timedOut(path: path, timeout: timeout)
        }
        switch socket.readLine(limit: ControlWire.maximumReplyBytes, deadline: deadline) {
        case .line(let bytes):
            switch ControlWire.decodeReply(bytes) {
            case .success(let reply): return reply
            case .failure(let problem): throw .malformedReply(path: path, problem: problem.description)
            }
        case .empty:
            throw .malformedReply(path: path, problem: "it closed the connection without a reply")
        case .tooLong:
            throw .malformedReply(
                path: path, problem: "the reply is longer than \(ControlWire.maximumReplyBytes) bytes")
        case .timedOut:
            throw .timedOut(path: path, timeout: timeout)
        case .failed(let errorNumber):
            throw .system(operation: "read the reply from", path: path, errorNumber: errorNumber)
        }
    }
}
