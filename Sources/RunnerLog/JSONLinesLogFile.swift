import RunnerCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// `close`, `open` and `write` by their module's name: the file's own methods `close()` and `write(line:)`
// hide the C functions inside the class.
private func closeDescriptor(_ descriptor: Int32) {
    #if canImport(Glibc)
        _ = Glibc.close(descriptor)
    #else
        _ = Darwin.close(descriptor)
    #endif
}

private func openForAppending(_ path: String) -> Int32 {
    #if canImport(Glibc)
        Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
    #else
        Darwin.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
    #endif
}

private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
    #else
        Darwin.write(descriptor, bytes, count)
    #endif
}

/// The file a JSON-lines log appends to, rotated by size (see ``JSONLinesLogSettings``), shared by every
/// ``JSONLinesLogHandler`` that writes to it.
///
/// Each line is written whole under a lock, to a descriptor opened with `O_APPEND`, so lines from many
/// tasks never interleave and another writer appending to the same file cannot be overwritten. A write
/// never throws into the code that logs: a failed write (a full disk, a removed folder) is counted in
/// ``failedWrites``, the first one is reported on standard error, and the next write tries again.
public final class JSONLinesLogFile: Sendable {
    public let path: String
    public let settings: JSONLinesLogSettings
    /// This process's id, on every line.
    public let processID: Int32
    /// The machine's host name, on every line.
    public let hostName: String
    /// Milliseconds since the epoch: the wall clock, or a test's.
    let clock: @Sendable () -> Int64

    private struct State {
        var descriptor: Int32
        /// Bytes in the current file: its size when opened plus what this process appended.
        var size: Int
        var failedWrites = 0
        var failedRotations = 0
        var reportedFailure = false
    }

    private let state: Locked<State>

    /// Opens (or creates, mode 0640) the file at `path` for appending; its folder must exist.
    public init(
        path: String, settings: JSONLinesLogSettings = .standard,
        clock: @escaping @Sendable () -> Int64 = UTCTimestamp.now
    ) throws(JSONLinesLogError) {
        self.path = path
        self.settings = settings
        self.clock = clock
        processID = getpid()
        hostName = Self.currentHostName()
        let opened = Self.open(path)
        guard opened.descriptor >= 0 else {
            throw .openFailed(path: path, reason: String(cString: strerror(opened.error)))
        }
        state = Locked(State(descriptor: opened.descriptor, size: opened.size))
    }

    deinit {
        state.withLock { if $0.descriptor >= 0 { closeDescriptor($0.descriptor) } }
    }

    /// Writes that failed so far (each such line is lost).
    public var failedWrites: Int { state.withLock { $0.failedWrites } }

    /// Rotations whose renames failed so far (the current file then grew past its size, losing nothing).
    public var failedRotations: Int { state.withLock { $0.failedRotations } }

    /// Appends `line` (which ends with its newline), rotating first when it would take the file past
    /// the maximum size. Never throws; never waits for anything but the lock and the write itself.
    public func write(line: String) {
        var bytes = Array(line.utf8)
        let failure: String? = state.withLock { state in
            if state.size > 0, state.size + bytes.count > settings.maximumFileBytes {
                rotate(&state)
            }
            if state.descriptor < 0 {
                let opened = Self.open(path)
                guard opened.descriptor >= 0 else {
                    return fail(&state, "it cannot be opened: \(String(cString: strerror(opened.error)))")
                }
                (state.descriptor, state.size) = (opened.descriptor, opened.size)
            }
            if let error = Self.writeAll(&bytes, to: state.descriptor) {
                return fail(&state, "a write failed: \(String(cString: strerror(error)))")
            }
            state.size += bytes.count
            return nil
        }
        if let failure {
            let text =
                "runner: the log \(path) cannot be written (\(failure)); further failures are counted, not printed\n"
            var message = Array(text.utf8)
            _ = Self.writeAll(&message, to: STDERR_FILENO)
        }
    }

    /// Closes the file; a later write opens it again.
    public func close() {
        state.withLock { state in
            if state.descriptor >= 0 { closeDescriptor(state.descriptor) }
            state.descriptor = -1
        }
    }

    /// `runner.log` becomes `.1`, `.1` becomes `.2`, ...; the file past the kept ones is replaced. A
    /// rename that fails is counted, and the file that did not move keeps growing rather than losing lines
    /// (the next write opens it again, at its size).
    private func rotate(_ state: inout State) {
        if state.descriptor >= 0 { closeDescriptor(state.descriptor) }
        state.descriptor = -1
        for index in stride(from: settings.keptFiles, through: 1, by: -1) {
            let from = index == 1 ? path : "\(path).\(index - 1)"
            if rename(from, "\(path).\(index)") != 0, errno != ENOENT {
                // Not a lost line: the write that follows still happens, in the file that did not move.
                state.failedRotations += 1
            }
        }
        state.size = 0
    }

    /// Counts a failed write; returns the reason when it is the first, to report once.
    private func fail(_ state: inout State, _ reason: String) -> String? {
        state.failedWrites += 1
        guard !state.reportedFailure else { return nil }
        state.reportedFailure = true
        return reason
    }

    private static func open(_ path: String) -> (descriptor: Int32, size: Int, error: Int32) {
        let descriptor = openForAppending(path)
        guard descriptor >= 0 else { return (-1, 0, errno) }
        var info = stat()
        let size = fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
        return (descriptor, size, 0)
    }

    /// Writes every byte, again after a partial write or a signal; the error number when it fails.
    private static func writeAll(_ bytes: inout [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = writeBytes(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }

    private static func currentHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
