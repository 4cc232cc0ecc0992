#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Asks NTP servers for their time over UDP (POSIX sockets, no other dependency).
///
/// Every server is asked at once, each on its own connected, non-blocking socket, and all of them are
/// waited for together with `poll` until one deadline: a query never takes much longer than `timeout`,
/// however many servers are silent (name resolution aside: a host name goes through the system
/// resolver first, which has its own timeouts; an address does not). A connected socket only receives
/// datagrams from its server, and a port with nothing behind it reports "connection refused" at once.
public struct SNTPClient: Sendable {
    /// How long to wait for the servers' replies, from the moment the requests are sent.
    public var timeout: Duration
    /// The local clock under test, Unix nanoseconds (the system's real-time clock unless a test shifts it).
    public var localClock: @Sendable () -> Int64
    /// The transmit timestamp of each request: random, so a reply cannot be guessed.
    public var nonce: @Sendable () -> UInt64

    /// One second: a reply slower than that could not measure the offset better than to half a second.
    public static let defaultTimeout: Duration = .seconds(1)

    public init(
        timeout: Duration = SNTPClient.defaultTimeout, localClock: @escaping @Sendable () -> Int64 = SNTPClient.systemClock,
        nonce: @escaping @Sendable () -> UInt64 = { UInt64.random(in: 1...UInt64.max) }
    ) {
        self.timeout = timeout
        self.localClock = localClock
        self.nonce = nonce
    }

    /// `CLOCK_REALTIME` in Unix nanoseconds.
    public static let systemClock: @Sendable () -> Int64 = {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// Each server's sample or failure, in the order given. Blocks the calling thread for at most about
    /// `timeout` (see the type's comment); call it from a thread of its own in async code.
    public func query(_ servers: [NTPServer]) -> [Result<ClockSample, SNTPQueryFailure>] {
        var results = [Result<ClockSample, SNTPQueryFailure>?](repeating: nil, count: servers.count)
        var open: [(index: Int, socket: Int32, exchange: SNTPExchange, ignored: SNTPReplyProblem?)] = []
        defer { for entry in open { close(entry.socket) } }
        for (index, server) in servers.enumerated() {
            switch Self.connectedSocket(to: server) {
            case .failure(let failure):
                results[index] = .failure(failure)
            case .success(let socket):
                let exchange = SNTPExchange(nonce: nonce(), sentAt: localClock())
                let request = exchange.request
                let sent = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent == request.count {
                    open.append((index, socket, exchange, nil))
                } else {
                    results[index] = .failure(Self.failure(operation: "send", errorNumber: sent < 0 ? errno : EMSGSIZE))
                    close(socket)
                }
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !open.isEmpty {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { break }
            var descriptors = open.map { pollfd(fd: $0.socket, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), Self.pollMilliseconds(remaining))
            if ready < 0 {
                if errno == EINTR { continue }
                let failure = Self.failure(operation: "poll", errorNumber: errno)
                for entry in open { results[entry.index] = .failure(failure) }
                break
            }
            var finished: Set<Int> = []
            for (position, descriptor) in descriptors.enumerated() where descriptor.revents != 0 {
                var entry = open[position]
                if let outcome = Self.receive(on: &entry, buffer: &buffer, localClock: localClock) {
                    results[entry.index] = outcome
                    finished.insert(position)
                }
                open[position] = entry
            }
            for position in finished.sorted(by: >) {
                close(open[position].socket)
                open.remove(at: position)
            }
        }
        for entry in open where results[entry.index] == nil {
            results[entry.index] = .failure(.timedOut(after: timeout, ignored: entry.ignored))
        }
        return results.map { $0 ?? .failure(.timedOut(after: timeout, ignored: nil)) }
    }

    /// Reads every datagram waiting on the socket; the outcome once one settles the query, nil to keep waiting.
    private static func receive(
        on entry: inout (index: Int, socket: Int32, exchange: SNTPExchange, ignored: SNTPReplyProblem?),
        buffer: inout [UInt8], localClock: @Sendable () -> Int64
    ) -> Result<ClockSample, SNTPQueryFailure>? {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(entry.socket, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            let receivedAt = localClock()
            if count < 0 {
                switch errno {
                case EAGAIN, EWOULDBLOCK: return nil
                case EINTR: continue
                case ECONNREFUSED: return .failure(.refused)
                case let other: return .failure(failure(operation: "recv", errorNumber: other))
                }
            }
            switch entry.exchange.accept(buffer[..<count], receivedAt: receivedAt) {
            case .success(let sample):
                return .success(sample)
            case .failure(let problem):
                // A stale or forged reply is set aside: the server's own answer may still come.
                guard case .originateMismatch = problem else { return .failure(.invalidReply(problem)) }
                entry.ignored = problem
            }
        }
    }

    /// A non-blocking UDP socket connected to the server's first address.
    private static func connectedSocket(to server: NTPServer) -> Result<Int32, SNTPQueryFailure> {
        guard (1...65_535).contains(server.port) else {
            return .failure(.unresolvable("port \(server.port) is not between 1 and 65535"))
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        #else
            hints.ai_socktype = SOCK_DGRAM
        #endif
        hints.ai_protocol = Int32(IPPROTO_UDP)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(server.host, String(server.port), &hints, &list)
        guard status == 0, let first = list else {
            return .failure(.unresolvable(String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(list) }
        #if canImport(Glibc)
            let type = first.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
            let type = first.pointee.ai_socktype
        #endif
        let descriptor = socket(first.pointee.ai_family, type, first.pointee.ai_protocol)
        guard descriptor >= 0 else { return .failure(failure(operation: "socket", errorNumber: errno)) }
        #if canImport(Darwin)
            _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        #endif
        guard connect(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let failure = failure(operation: "connect", errorNumber: errno)
            close(descriptor)
            return .failure(failure)
        }
        return .success(descriptor)
    }

    private static func failure(operation: String, errorNumber: Int32) -> SNTPQueryFailure {
        errorNumber == ECONNREFUSED ? .refused : .system(operation: operation, message: String(cString: strerror(errorNumber)))
    }

    /// The poll timeout for what is left, rounded up to a whole millisecond so a query never spins.
    private static func pollMilliseconds(_ remaining: Duration) -> Int32 {
        let nanoseconds = remaining.nanosecondsSaturated
        return Int32(clamping: (nanoseconds + 999_999) / 1_000_000)
    }
}
