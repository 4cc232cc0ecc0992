#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loopback ports for servers a test starts.
public enum FreePort {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A UDP socket bound to 127.0.0.1 on a port the system chose, and that port.
    public static func boundUDPSocket() throws -> (descriptor: Int32, port: Int) {
        #if canImport(Glibc)
            try boundSocket(Int32(SOCK_DGRAM.rawValue))
        #else
            try boundSocket(SOCK_DGRAM)
        #endif
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago and has nothing listening: a connection there
    /// is refused.
    public static func tcp() throws -> Int {
        #if canImport(Glibc)
            let (descriptor, port) = try boundSocket(Int32(SOCK_STREAM.rawValue))
        #else
            let (descriptor, port) = try boundSocket(SOCK_STREAM)
        #endif
        close(descriptor)
        return port
    }

    private static func boundSocket(_ type: Int32) throws -> (descriptor: Int32, port: Int) {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, type, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else {
            let message = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(description: "bind 127.0.0.1:0: \(message)")
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A UDP port on 127.0.0.1 that was free a moment ago, for a child process to bind (it may be taken
    /// in between; a test that uses it fails loudly rather than hangs).
    public static func udp() throws -> Int {
        let (descriptor, port) = try boundUDPSocket()
        close(descriptor)
        return port
    }

    /// A UDP port on 127.0.0.1 with nothing behind it: a datagram sent there is answered "refused".
    public static func closedUDP() throws -> Int { try udp() }
}
