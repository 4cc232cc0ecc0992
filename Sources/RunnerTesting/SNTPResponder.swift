#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import RunnerClock
import Synchronization

/// An SNTP server inside the test process, on a free loopback port: it answers each request with its
/// own clock shifted by an injected offset, stays silent (the port is bound, so the client waits out its
/// timeout rather than hearing "refused"), or answers with whatever a test builds (hostile replies).
public final class SNTPResponder: Sendable {
    public enum Behaviour: Sendable {
        /// A well-formed stratum-2 reply whose receive and transmit times are the real time plus `offset`.
        case answer(offset: Duration)
        /// Reads requests and never answers.
        case silent
        /// Answers with these bytes, built from the request and the real time (Unix nanoseconds).
        case custom(@Sendable (_ request: SNTPPacket, _ now: Int64) -> [UInt8])
    }

    /// The UDP port it listens on, at 127.0.0.1.
    public let port: Int
    private let descriptor: Int32
    private let stopping = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)
    /// How many requests it has read.
    public let requests = Atomic<Int>(0)

    public init(_ behaviour: Behaviour) throws {
        (descriptor, port) = try FreePort.boundUDPSocket()
        let descriptor = descriptor
        Thread { [self] in
            serve(descriptor, behaviour)
            close(descriptor)
            stopped.signal()
        }.start()
    }

    public var server: NTPServer { NTPServer(host: "127.0.0.1", port: port) }

    /// Stops answering and closes the port; returns once it is closed.
    public func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        stopped.wait()
    }

    deinit { stop() }

    private func serve(_ descriptor: Int32, _ behaviour: Behaviour) {
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !stopping.load(ordering: .acquiring) {
            var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, 20) > 0 else { continue }
            var peer = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = buffer.withUnsafeMutableBytes { bytes in
                withUnsafeMutablePointer(to: &peer) { address in
                    address.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(descriptor, bytes.baseAddress, bytes.count, 0, $0, &length)
                    }
                }
            }
            guard count > 0 else { continue }
            requests.add(1, ordering: .relaxed)
            let now = SNTPClient.systemClock()
            guard let request = SNTPPacket(decoding: buffer[..<count]) else { continue }
            let reply: [UInt8]
            switch behaviour {
            case .silent:
                continue
            case .answer(let offset):
                let shifted = now + offset.components.seconds * 1_000_000_000 + offset.components.attoseconds / 1_000_000_000
                reply = SNTPPacket(
                    version: request.version, mode: .server, stratum: 2, poll: request.poll, precision: -20,
                    referenceIdentifier: 0x7F00_0001, referenceTimestamp: NTPTimestamp(unixNanoseconds: shifted),
                    originateTimestamp: request.transmitTimestamp, receiveTimestamp: NTPTimestamp(unixNanoseconds: shifted),
                    transmitTimestamp: NTPTimestamp(unixNanoseconds: shifted)
                ).encoded()
            case .custom(let build):
                reply = build(request, now)
            }
            _ = reply.withUnsafeBytes { bytes in
                withUnsafePointer(to: &peer) { address in
                    address.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(descriptor, bytes.baseAddress, bytes.count, 0, $0, length)
                    }
                }
            }
        }
    }
}
