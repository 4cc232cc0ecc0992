import Foundation
import RunnerCore
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The engine's end of the command channel: a Unix socket (mode 0600) that takes one ``ControlCommand``
/// per connection, hands it to the engine's handler and writes back its ``ControlReply``.
///
/// The socket is bound when the server is made, so a second run of the same environment is refused
/// before it starts anything, and a socket left by a run that died is cleared (see ``staleSocketNote``).
/// ``run()`` serves until graceful shutdown or cancellation, then closes the socket and removes its file.
///
/// Blocking calls (`poll`, `accept`, reads and writes) run on threads of their own and every read and
/// write has ``ioTimeout``: a client that connects and sends nothing delays only itself.
public final class ControlServer: Service, Sendable {
    /// How the engine answers a command: it applies the command between events and says what it did.
    public typealias Handler = @Sendable (ControlCommand) async -> ControlReply

    /// Connections served at once; one more is closed at once, so a flood cannot start a thread each.
    public static let maximumConnections = 32

    /// Where the socket is.
    public let path: String
    /// How long one connection may take to send its request, and to take its reply.
    public let ioTimeout: Duration
    /// A sentence for the terminal when a socket left by a run that died was removed; nil otherwise.
    public let staleSocketNote: String?

    private let handler: Handler
    private let listener: UnixSocket
    private let wake: WakePipe
    private let identity: ControlSocketFile.Identity?
    private let phase = Locked<Phase>(.bound)
    private let connections = Atomic<Int>(0)

    private enum Phase { case bound, serving, closed }

    /// Binds the socket at `path`, first clearing a dead run's socket there.
    ///
    /// - Throws: ``ControlError/anotherRunAlive(path:)`` when a run answers at `path`,
    ///   ``ControlError/pathTooLong(path:length:limit:)``, ``ControlError/notASocket(path:)``, or a system failure.
    public init(path: String, ioTimeout: Duration = .seconds(5), handler: @escaping Handler) throws(ControlError) {
        let address = try UnixSocket.address(for: path)
        staleSocketNote = try ControlSocketFile.clear(path)
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }

        let listener: UnixSocket
        switch UnixSocket.makeStream() {
        case .success(let socket): listener = socket
        case .failure(let failure):
            throw .system(operation: "make a socket for", path: path, errorNumber: failure.errorNumber)
        }
        if let failure = listener.bind(to: address) {
            listener.close()
            if failure.errorNumber == EADDRINUSE { throw .anotherRunAlive(path: path) }
            throw .system(operation: "bind a socket at", path: path, errorNumber: failure.errorNumber)
        }
        // Before listen: nobody can connect while the file still has the umask's wider mode.
        if chmod(path, 0o600) != 0 {
            let errorNumber = errno
            unlink(path)
            listener.close()
            throw .system(operation: "restrict the mode of", path: path, errorNumber: errorNumber)
        }
        let identity = ControlSocketFile.identity(of: path)
        if let failure = listener.listen(backlog: 16) {
            ControlSocketFile.remove(path, ifStill: identity)
            listener.close()
            throw .system(operation: "listen at", path: path, errorNumber: failure.errorNumber)
        }
        let wake: WakePipe
        switch WakePipe.make() {
        case .success(let made):
            wake = made
        case .failure(let failure):
            ControlSocketFile.remove(path, ifStill: identity)
            listener.close()
            throw .system(operation: "make a wake-up pipe for", path: path, errorNumber: failure.errorNumber)
        }
        self.path = path
        self.ioTimeout = ioTimeout
        self.handler = handler
        self.listener = listener
        self.wake = wake
        self.identity = identity
    }

    deinit { close() }

    /// Serves connections until graceful shutdown or cancellation, lets the requests in flight finish
    /// (each within ``ioTimeout`` plus the handler's time), then closes the socket and removes its file.
    ///
    /// - Throws: ``ControlError/system(operation:path:errorNumber:)`` if accepting connections fails.
    public func run() async throws {
        let starts = phase.withLock { phase in
            guard case .bound = phase else { return false }
            phase = .serving
            return true
        }
        precondition(starts, "a ControlServer runs once; make a new one for \(path)")
        defer { close() }
        let (accepted, continuation) = AsyncStream.makeStream(of: UnixSocket.self)
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask {
                    let failure = await BlockingThread.run(named: "control-accept") {
                        self.acceptLoop(into: continuation)
                    }
                    if let failure {
                        throw ControlError.system(
                            operation: "accept connections at", path: self.path, errorNumber: failure.errorNumber)
                    }
                }
                for await connection in accepted {
                    guard connections.add(1, ordering: .relaxed).newValue <= Self.maximumConnections else {
                        connections.subtract(1, ordering: .relaxed)
                        connection.close()
                        continue
                    }
                    group.addTask {
                        await self.serve(connection)
                        self.connections.subtract(1, ordering: .relaxed)
                    }
                }
            }
        } onCancelOrGracefulShutdown: { [wake] in
            wake.signal()
        }
    }

    /// Accepts until woken; nil when woken, the failure when accepting broke.
    private func acceptLoop(into continuation: AsyncStream<UnixSocket>.Continuation) -> ControlSystemFailure? {
        defer { continuation.finish() }
        while true {
            var entries = [
                pollfd(fd: listener.descriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&entries, 2, -1) >= 0 else {
                if errno == EINTR { continue }
                return ControlSystemFailure(errorNumber: errno)
            }
            if entries[1].revents != 0 { return nil }
            guard entries[0].revents != 0 else { continue }
            switch listener.acceptConnection() {
            case .success(let connection):
                if case .terminated = continuation.yield(connection) {
                    connection.close()
                    return nil
                }
            case .failure(let failure):
                switch failure.errorNumber {
                case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors or memory for now: try again shortly rather than spin.
                    if wake.wait(milliseconds: 100) { return nil }
                default:
                    return failure
                }
            }
        }
    }

    /// One connection: read the request, ask the handler, write the reply, close.
    private func serve(_ connection: UnixSocket) async {
        defer { connection.close() }
        let timeout = ioTimeout
        let request = await BlockingThread.run(named: "control-read") {
            connection.readLine(limit: ControlWire.maximumRequestBytes, deadline: .now + timeout)
        }
        let reply: ControlReply
        switch request {
        case .line(let bytes):
            switch ControlWire.decodeRequest(bytes) {
            case .success(let command): reply = await handler(command)
            case .failure(let problem): reply = .refused(problem.description)
            }
        case .empty:
            reply = .refused("the request was empty; send one JSON object on one line")
        case .tooLong:
            reply = .refused(
                "the request is longer than \(ControlWire.maximumRequestBytes) bytes; a request is one short JSON line")
        case .timedOut:
            reply = .refused("no request arrived within \(ControlError.seconds(timeout)); the connection is closed")
        case .failed:
            return  // The client is gone: nobody to answer.
        }
        let bytes = ControlWire.encode(reply)
        _ = await BlockingThread.run(named: "control-write") { connection.write(bytes, deadline: .now + timeout) }
    }

    /// Removes the file (if it is still ours) and closes the socket; only the first call does anything.
    private func close() {
        let closes = phase.withLock { phase in
            if case .closed = phase { return false }
            phase = .closed
            return true
        }
        guard closes else { return }
        ControlSocketFile.remove(path, ifStill: identity)
        listener.close()
        wake.close()
    }
}
