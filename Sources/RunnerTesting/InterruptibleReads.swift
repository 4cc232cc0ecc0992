import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads from a child process's pipe that survive a signal.
///
/// A test process runs many children, and libdispatch handles their SIGCHLD with a signal handler: a
/// blocking `read` in another thread can then fail with EINTR, on which Foundation's
/// `readDataToEndOfFile` and `availableData` stop the whole process. These read again instead.
extension FileHandle {
    /// Everything until the end of the file.
    public func readToEndRetryingInterrupts() -> Data {
        var data = Data()
        while true {
            let chunk = readSomeRetryingInterrupts()
            if chunk.isEmpty { return data }
            data.append(chunk)
        }
    }

    /// What one read returns, waiting until something is there; empty at the end of the file (or on an
    /// error other than an interruption).
    public func readSomeRetryingInterrupts() -> Data {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 { return Data(buffer[0..<count]) }
            if count == 0 || errno != EINTR { return Data() }
        }
    }
}
