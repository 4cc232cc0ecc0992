import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `run.pid` beside the journal: the process id of the run and the moment the kernel started it, so the
/// kill switch can stop a frozen engine (fencing: an engine that wakes after the kill switch acted at the
/// broker without it must never trade on the state it had) and can tell that process from a later one
/// that happens to get the same id.
struct RunProcessFile {
    let path: String
    let processID: Int32

    /// Writes this process's id and start time; the control socket, bound first, makes it this run's file.
    static func claim(_ path: String) throws -> RunProcessFile {
        let pid = getpid()
        let text = "\(pid) \(startTime(of: pid) ?? 0)\n"
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw RunError("cannot write \(path), which the kill switch reads to find this run: \(error)")
        }
        return RunProcessFile(path: path, processID: pid)
    }

    /// Removes the file when it still names this process.
    func release() {
        if Self.read(path)?.processID == processID { unlink(path) }
    }

    /// The run a file names, when that process is alive and is the one that wrote it.
    static func liveRun(at path: String) -> Int32? {
        guard let (pid, started) = read(path), pid > 0, pid != getpid(), kill(pid, 0) == 0 || errno == EPERM,
            startTime(of: pid) == started
        else { return nil }
        return pid
    }

    private static func read(_ path: String) -> (processID: Int32, started: UInt64)? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let pid = Int32(parts[0]), let started = UInt64(parts[1]) else { return nil }
        return (pid, started)
    }

    /// When the kernel started `pid` (field 22 of /proc/PID/stat, in clock ticks since boot); nil without /proc.
    private static func startTime(of pid: Int32) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After the command name in parentheses: state is field 3, so start time is the 20th field after it.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }
}
