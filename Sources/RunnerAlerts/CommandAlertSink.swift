import Foundation
import RunnerCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program for each alert, for paging tools: no shell, the arguments as given, the alert as JSON
/// (``AlertPayload``) on its standard input and in `RUNNER_ALERT_*` variables added to the runner's own
/// environment. Exit status 0 is a delivery; any other status, a signal, or no exit within the timeout
/// (the program is then killed) is a failure the dispatcher retries.
///
/// Standard input and standard error go through temporary files, not pipes: a program that never reads
/// its input, or prints a lot, can neither block the runner nor end it with SIGPIPE.
public final class CommandAlertSink: AlertSink {
    public let name: String
    /// The program's full path.
    public let program: String
    public let arguments: [String]
    private let workingDirectory: String
    private let environment: [String: String]
    private let mode: TradingMode
    private let timeout: Duration

    /// - Parameters:
    ///   - command: the program and its arguments. A program with a `/` is a path (relative ones from
    ///     `workingDirectory`); a bare name is looked up in the `PATH` of `environment`.
    ///   - environment: the variables the program starts with (the runner's own, usually).
    public init(
        command: [String], workingDirectory: String, environment: [String: String], mode: TradingMode,
        timeout: Duration
    ) throws(AlertError) {
        guard let first = command.first, !first.isEmpty else {
            throw .programNotFound("the alert command is empty: it needs at least the program to run")
        }
        program = try Self.resolve(first, workingDirectory: workingDirectory, path: environment["PATH"] ?? "")
        arguments = Array(command.dropFirst())
        name = "command " + command.joined(separator: " ")
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.mode = mode
        self.timeout = timeout
    }

    public func deliver(_ alert: OperatorAlert) async throws {
        let payload = AlertPayload(alert, mode: mode)
        let files = try TemporaryFiles(input: payload.json)
        defer { files.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = environment.merging(payload.environmentVariables) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        process.standardInput = files.inputHandle
        process.standardOutput = FileHandle.nullDevice
        process.standardError = files.errorHandle
        let exit = ExitSignal()
        process.terminationHandler = { _ in exit.fire() }
        do {
            try process.run()
        } catch {
            throw AlertError.launchFailed("\(program): \(error.localizedDescription)")
        }
        let pid = process.processIdentifier
        let timedOut = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await exit.wait(); return false
            }
            group.addTask {
                // Cancelled when the program exits first; cancelled with the delivery, it kills the program too.
                try? await Task.sleep(for: self.timeout)
                return true
            }
            let first = await group.next() ?? true
            if first { kill(pid, SIGKILL) }
            group.cancelAll()
            return first
        }
        if Task.isCancelled { throw CancellationError() }
        if timedOut { throw AlertError.timedOut(seconds: timeout.seconds) }
        switch process.terminationReason {
        case .uncaughtSignal: throw AlertError.killedBySignal(process.terminationStatus)
        case .exit:
            guard process.terminationStatus == 0 else {
                throw AlertError.exitStatus(process.terminationStatus, standardError: files.errorTail())
            }
        @unknown default: throw AlertError.exitStatus(process.terminationStatus, standardError: files.errorTail())
        }
    }

    private static func resolve(_ program: String, workingDirectory: String, path: String) throws(AlertError) -> String
    {
        let manager = FileManager.default
        if program.contains("/") {
            let full = program.hasPrefix("/") ? program : (workingDirectory as NSString).appendingPathComponent(program)
            guard manager.isExecutableFile(atPath: full) else {
                throw .programNotFound("the alert command's program \(full) does not exist or is not executable")
            }
            return full
        }
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let full = (String(folder) as NSString).appendingPathComponent(program)
            if manager.isExecutableFile(atPath: full) { return full }
        }
        throw .programNotFound("the alert command's program '\(program)' is not in the PATH (\(path))")
    }
}

/// Fires once, when the program exits; waiters before or after are all resumed.
private final class ExitSignal: Sendable {
    private struct State {
        var fired = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Locked(State())

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state in
                if !state.fired { state.waiters.append(continuation) }
                return state.fired
            }
            if fired { continuation.resume() }
        }
    }
}

/// The program's standard input (the payload) and standard error, as files in the temporary folder.
private struct TemporaryFiles {
    let inputPath: String
    let errorPath: String
    let inputHandle: FileHandle
    let errorHandle: FileHandle

    init(input: Data) throws(AlertError) {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("runner-alert-\(UUID().uuidString)")
        inputPath = base + ".json"
        errorPath = base + ".stderr"
        guard
            FileManager.default.createFile(atPath: inputPath, contents: input, attributes: [.posixPermissions: 0o600]),
            FileManager.default.createFile(atPath: errorPath, contents: nil, attributes: [.posixPermissions: 0o600]),
            let inputHandle = FileHandle(forReadingAtPath: inputPath),
            let errorHandle = FileHandle(forWritingAtPath: errorPath)
        else {
            try? FileManager.default.removeItem(atPath: inputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
            throw .launchFailed("its input and error files cannot be created in \(NSTemporaryDirectory())")
        }
        self.inputHandle = inputHandle
        self.errorHandle = errorHandle
    }

    /// The last few hundred characters the program printed on standard error, on one line.
    func errorTail() -> String {
        guard let data = FileManager.default.contents(atPath: errorPath) else { return "" }
        return String(decoding: data.suffix(300), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " / ").trimmingCharacters(in: .whitespaces)
    }

    func remove() {
        try? inputHandle.close()
        try? errorHandle.close()
        try? FileManager.default.removeItem(atPath: inputPath)
        try? FileManager.default.removeItem(atPath: errorPath)
    }
}
