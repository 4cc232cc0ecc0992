import Foundation
import RunnerCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One running adapter or feed program: its standard output cut into lines, its standard error forwarded
/// as log lines, its end reported once with the reason (exit status or signal, or standard output closed
/// while it still runs) and its last log line. Writes never block the caller. Foundation's `Process` reaps
/// the child, so none is left a zombie.
final class ChildProcess: Sendable {
    /// What the owner hears, each on a reader thread of the child's (never two output lines at once).
    struct Handlers: Sendable {
        var line: @Sendable (LineSplitter.Piece) -> Void
        var log: @Sendable (String) -> Void
        var ended: @Sendable (String) -> Void
    }

    /// Log lines longer than this are cut.
    static let logLineLimit = 4_096
    /// How long the end waits for the other half (exit, or output closed) before it is reported.
    static let settleTime = 0.25

    let command: ChildCommand
    /// Fires when the process has exited (and was reaped).
    let exited = OneShot()
    private let process: Process
    private let input: FileHandle
    private let writer: DispatchQueue
    private let handlers: Handlers
    private let state = Locked(EndState())

    private struct EndState {
        var exitDescription: String?
        var outputClosed = false
        var errorsClosed = false
        var reported = false
        var inputClosed = false
        var lastLogLine: String?
    }

    private init(command: ChildCommand, process: Process, input: FileHandle, handlers: Handlers) {
        self.command = command
        self.process = process
        self.input = input
        self.handlers = handlers
        writer = DispatchQueue(label: "runner.process-adapter.stdin")
    }

    /// The process id (valid once started).
    var processIdentifier: Int32 { process.processIdentifier }

    /// Starts `command`; the handlers hear from it until it ends.
    static func launch(_ command: ChildCommand, handlers: Handlers) throws(ProcessAdapterError) -> ChildProcess {
        // A write to an adapter that died must fail with EPIPE, not end the runner with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command.program)
        process.arguments = command.arguments
        process.environment = command.environment
        process.currentDirectoryURL = URL(fileURLWithPath: command.workingDirectory)
        let (input, output, errors) = (Pipe(), Pipe(), Pipe())
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let child = ChildProcess(
            command: command, process: process, input: input.fileHandleForWriting, handlers: handlers)
        // Set before the start, so an exit however early is seen; the handler holds the child until then.
        process.terminationHandler = { process in
            let description =
                switch process.terminationReason {
                case .uncaughtSignal:
                    "was killed by signal \(process.terminationStatus)\(signalName(process.terminationStatus))"
                default: "exited with status \(process.terminationStatus)"
                }
            child.processExited(description)
        }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            throw .launchFailed(
                "\(command.role) (\(command.program)) could not be started: \(error.localizedDescription)")
        }
        child.readLines(from: output.fileHandleForReading)
        child.readLog(from: errors.fileHandleForReading)
        return child
    }

    /// Sends one line (a newline is added) without waiting; dropped once input is closed.
    func send(_ line: String) {
        let data = Data((line + "\n").utf8)
        writer.async { [self] in
            guard !state.withLock({ $0.inputClosed }) else { return }
            // A dead reader makes this fail (EPIPE); the end is reported by the exit and output handlers.
            try? input.write(contentsOf: data)
        }
    }

    /// Closes the process's standard input after the lines already sent.
    func closeInput() {
        writer.async { [self] in
            let wasOpen = state.withLock { state in
                defer { state.inputClosed = true }
                return !state.inputClosed
            }
            if wasOpen { try? input.close() }
        }
    }

    /// Sends `signal` unless the process has already exited (its id may belong to another by then).
    func sendSignal(_ number: Int32) {
        guard !exited.hasFired else { return }
        kill(processIdentifier, number)
    }

    /// Ends the process: closes its input and waits `grace` for it to exit on its own, then SIGTERM and
    /// `grace` again, then SIGKILL. Returns how it ended: `exited on its own`, `after SIGTERM` or `after SIGKILL`.
    @discardableResult
    func terminate(grace: Duration) async -> Termination {
        closeInput()
        if await exited.wait(timeout: grace) { return .onItsOwn }
        sendSignal(SIGTERM)
        if await exited.wait(timeout: grace) { return .afterTerminate }
        sendSignal(SIGKILL)
        _ = await exited.wait(timeout: .seconds(5))
        return .afterKill
    }

    /// Ends a process that misbehaved, without waiting: SIGTERM now, SIGKILL after `grace` if it still runs.
    func endNow(grace: Duration) {
        closeInput()
        sendSignal(SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + grace.timeInterval) { [self] in sendSignal(SIGKILL) }
    }

    enum Termination: Sendable, Hashable { case onItsOwn, afterTerminate, afterKill }

    /// The exit status when the process exited normally; nil while it runs or when a signal ended it.
    var exitStatus: Int32? {
        guard exited.hasFired, process.terminationReason == .exit else { return nil }
        return process.terminationStatus
    }

    // MARK: Reading

    private func readLines(from handle: FileHandle) {
        Thread.detachNewThread { [self] in
            var splitter = LineSplitter()
            Self.readToEnd(handle) { bytes in
                for piece in splitter.append(bytes) { handlers.line(piece) }
            }
            if let last = splitter.finish() { handlers.line(last) }
            outputClosed()
        }
    }

    private func readLog(from handle: FileHandle) {
        Thread.detachNewThread { [self] in
            var splitter = LineSplitter(maximumLength: Self.logLineLimit)
            let forward: @Sendable (LineSplitter.Piece) -> Void = { [self] piece in
                let text: String
                switch piece {
                case .line(let data): text = String(decoding: data, as: UTF8.self)
                case .tooLong(let prefix): text = String(decoding: prefix, as: UTF8.self) + "… (cut)"
                }
                state.withLock { $0.lastLogLine = text }
                handlers.log(text)
            }
            Self.readToEnd(handle) { bytes in
                for piece in splitter.append(bytes) { forward(piece) }
            }
            if let last = splitter.finish() { forward(last) }
            state.withLock { $0.errorsClosed = true }
            reportEndIfSettled(force: false)
        }
    }

    /// Reads until end of file, with plain `read` on the descriptor (no Foundation buffering).
    private static func readToEnd(_ handle: FileHandle, _ body: (Data) -> Void) {
        let descriptor = handle.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            body(Data(buffer[0..<count]))
        }
        try? handle.close()
    }

    // MARK: The end

    private func processExited(_ description: String) {
        process.terminationHandler = nil  // it held this child until now
        state.withLock { $0.exitDescription = description }
        exited.fire()
        reportEndIfSettled(force: false)
        // Everything it printed before it exited is read first (a feed's last bars), however slow the reader
        // on a loaded machine; only a pipe some other process keeps open is given up on, after a long bound.
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.settleTime * 60) { [self] in
            reportEndIfSettled(force: true)
        }
    }

    private func outputClosed() {
        state.withLock { $0.outputClosed = true }
        reportEndIfSettled(force: false)
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.settleTime) { [self] in
            reportEndIfSettled(force: true)
        }
    }

    /// Reports the end once: when the process exited and both outputs closed, or, `force`d after the settle
    /// time, with what is known then.
    private func reportEndIfSettled(force: Bool) {
        let reason: String? = state.withLock { state in
            guard !state.reported else { return nil }
            let settled = state.exitDescription != nil && state.outputClosed && state.errorsClosed
            guard settled || (force && (state.exitDescription != nil || state.outputClosed)) else { return nil }
            state.reported = true
            var reason =
                "\(command.role) "
                + (state.exitDescription ?? "closed its standard output while still running")
            if let last = state.lastLogLine, !last.isEmpty { reason += " (last log line: \(last.prefix(300)))" }
            return reason
        }
        if let reason { handlers.ended(reason) }
    }
}

/// ` (SIGKILL)` for the common signals.
private func signalName(_ number: Int32) -> String {
    let names: [Int32: String] = [
        SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS",
        SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGTERM: "SIGTERM",
    ]
    return names[number].map { " (\($0))" } ?? ""
}
