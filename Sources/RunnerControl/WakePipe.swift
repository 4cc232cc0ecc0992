#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pipe whose read end the accept loop polls beside the listening socket: one byte written to it
/// ends the loop, from any thread, without closing a descriptor another thread is waiting on.
struct WakePipe: Sendable {
    let readDescriptor: Int32
    let writeDescriptor: Int32

    static func make() -> Result<WakePipe, ControlSystemFailure> {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { return .failure(ControlSystemFailure(errorNumber: errno)) }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(descriptors[1], F_SETFL, fcntl(descriptors[1], F_GETFL) | O_NONBLOCK)
        return .success(WakePipe(readDescriptor: descriptors[0], writeDescriptor: descriptors[1]))
    }

    /// Wakes the loop; signalling twice is harmless.
    func signal() {
        var byte: UInt8 = 1
        #if canImport(Glibc)
            _ = Glibc.write(writeDescriptor, &byte, 1)
        #else
            _ = Darwin.write(writeDescriptor, &byte, 1)
        #endif
    }

    /// Waits up to `milliseconds` for a wake; true when one came.
    func wait(milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: readDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }

    func close() {
        #if canImport(Glibc)
            _ = Glibc.close(readDescriptor)
            _ = Glibc.close(writeDescriptor)
        #else
            _ = Darwin.close(readDescriptor)
            _ = Darwin.close(writeDescriptor)
        #endif
    }
}
