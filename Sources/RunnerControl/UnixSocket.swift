#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A stream socket in the Unix domain: its descriptor and the few calls the control channel needs.
///
/// Every read and write waits with `poll` against a deadline, so a peer that sends nothing, or reads
/// nothing, costs its own connection a timeout and nobody else anything. Writes never raise SIGPIPE.
/// One owner closes a socket, once.
struct UnixSocket: Sendable {
    let descriptor: Int32

    /// What reading one line gave.
    enum LineRead: Sendable, Equatable {
        /// The bytes before the newline, or everything before the peer closed its side.
        case line([UInt8])
        /// The peer closed its side without sending a byte.
        case empty
        /// More than the limit arrived without a newline.
        case tooLong
        case timedOut
        case failed(errorNumber: Int32)
    }

    /// What writing gave.
    enum WriteOutcome: Sendable, Equatable {
        case written
        case timedOut
        case failed(errorNumber: Int32)
    }

    /// What connecting to a path gave.
    enum ConnectOutcome: Sendable {
        case connected(UnixSocket)
        /// No file at the path.
        case missing
        /// A file, but nothing listens on it.
        case refused
        case timedOut
        case failed(errorNumber: Int32)
    }

    /// The address of `path`, which must fit `sun_path` with its terminating zero byte.
    static func address(for path: String) throws(ControlError) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            throw .pathTooLong(path: path, length: bytes.count, limit: capacity - 1)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    /// A new stream socket, closed on exec; the error number when the system has none to give.
    static func makeStream() -> Result<UnixSocket, ControlSystemFailure> {
        #if canImport(Glibc)
            let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return .failure(ControlSystemFailure(errorNumber: errno)) }
        #if canImport(Darwin)
            var one: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        #endif
        return .success(UnixSocket(descriptor: descriptor))
    }

    /// Connects to the socket at `path`, waiting at most `timeout` when the listener's queue is full.
    static func connecting(to path: String, timeout: Duration) throws(ControlError) -> ConnectOutcome {
        var address = try address(for: path)
        let socket: UnixSocket
        switch makeStream() {
        case .success(let made): socket = made
        case .failure(let failure): return .failed(errorNumber: failure.errorNumber)
        }
        var limit = timeval(timeout)
        setsockopt(socket.descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket.descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result != 0 else { return .connected(socket) }
        let errorNumber = errno
        socket.close()
        switch errorNumber {
        case ENOENT: return .missing
        case ECONNREFUSED: return .refused
        case EAGAIN, EWOULDBLOCK, EINPROGRESS, ETIMEDOUT: return .timedOut
        default: return .failed(errorNumber: errorNumber)
        }
    }

    /// Binds the socket to `address`; the error number on failure.
    func bind(to address: sockaddr_un) -> ControlSystemFailure? {
        var address = address
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                #if canImport(Glibc)
                    Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                #else
                    Darwin.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                #endif
            }
        }
        return result == 0 ? nil : ControlSystemFailure(errorNumber: errno)
    }

    /// Starts listening, with accept never blocking (the accept loop polls first).
    func listen(backlog: Int32) -> ControlSystemFailure? {
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else {
            return ControlSystemFailure(errorNumber: errno)
        }
        #if canImport(Glibc)
            let result = Glibc.listen(descriptor, backlog)
        #else
            let result = Darwin.listen(descriptor, backlog)
        #endif
        return result == 0 ? nil : ControlSystemFailure(errorNumber: errno)
    }

    /// One waiting connection (closed on exec), or the error number (`EAGAIN` when none waits).
    func acceptConnection() -> Result<UnixSocket, ControlSystemFailure> {
        let connection = accept(descriptor, nil, nil)
        guard connection >= 0 else { return .failure(ControlSystemFailure(errorNumber: errno)) }
        _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
        #if canImport(Darwin)
            var one: Int32 = 1
            setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return .success(UnixSocket(descriptor: connection))
    }

    /// Reads up to the first newline, holding at most `limit` bytes; what follows the newline is ignored.
    func readLine(limit: Int, deadline: ContinuousClock.Instant) -> LineRead {
        var line: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            switch wait(for: Int16(POLLIN), until: deadline) {
            case .ready: break
            case .timedOut: return .timedOut
            case .failed(let errorNumber): return .failed(errorNumber: errorNumber)
            }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count < 0 {
                let errorNumber = errno
                if errorNumber == EINTR || errorNumber == EAGAIN || errorNumber == EWOULDBLOCK { continue }
                return .failed(errorNumber: errorNumber)
            }
            if count == 0 { return line.isEmpty ? .empty : .line(line) }
            if let newline = chunk[..<count].firstIndex(of: UInt8(ascii: "\n")) {
                line.append(contentsOf: chunk[..<newline])
                return line.count > limit ? .tooLong : .line(line)
            }
            line.append(contentsOf: chunk[..<count])
            if line.count > limit { return .tooLong }
        }
    }

    /// Writes every byte, or gives up at the deadline.
    func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) -> WriteOutcome {
        #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
        #else
            let flags = Int32(MSG_DONTWAIT)
        #endif
        var offset = 0
        while offset < bytes.count {
            switch wait(for: Int16(POLLOUT), until: deadline) {
            case .ready: break
            case .timedOut: return .timedOut
            case .failed(let errorNumber): return .failed(errorNumber: errorNumber)
            }
            let count = bytes.withUnsafeBytes { raw in
                send(descriptor, raw.baseAddress! + offset, raw.count - offset, flags)
            }
            if count < 0 {
                let errorNumber = errno
                if errorNumber == EINTR || errorNumber == EAGAIN || errorNumber == EWOULDBLOCK { continue }
                return .failed(errorNumber: errorNumber)
            }
            offset += count
        }
        return .written
    }

    func close() {
        #if canImport(Glibc)
            _ = Glibc.close(descriptor)
        #else
            _ = Darwin.close(descriptor)
        #endif
    }

    private enum Readiness { case ready, timedOut, failed(Int32) }

    private func wait(for events: Int16, until deadline: ContinuousClock.Instant) -> Readiness {
        while true {
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, Self.milliseconds(until: deadline))
            if ready > 0 { return .ready }
            if ready == 0 { return .timedOut }
            if errno != EINTR { return .failed(errno) }
        }
    }

    /// The time left until `deadline` for `poll`, rounded up to whole milliseconds.
    static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1_000)
        guard !milliseconds.overflow else { return Int32.max }
        return Int32(clamping: milliseconds.partialValue + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}

/// A failed system call's error number, typed so it cannot be mixed up with a descriptor.
struct ControlSystemFailure: Error, Sendable, Equatable {
    var errorNumber: Int32
}

extension timeval {
    /// A positive timeout as a `timeval` (at least one millisecond: zero would mean wait forever).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let microseconds = max(0, attoseconds / 1_000_000_000_000)
        self.init()
        if seconds <= 0 && microseconds < 1_000 {
            tv_sec = 0
            tv_usec = 1_000
        } else {
            tv_sec = time_t(clamping: seconds)
            tv_usec = suseconds_t(microseconds)
        }
    }
}
