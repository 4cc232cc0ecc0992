#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Synchronization

/// `fix-acceptor` (tools/fix-acceptor: a FIX 4.4 broker on QuickFIX) as a child process, for tests of the
/// FIX initiator against a real FIX engine. Built by `scripts/build-fix-acceptor.sh` on first use, it
/// listens on a free loopback port and keeps its QuickFIX store, log and order book in `directory`.
///
/// Commands and events are those of tools/fix-acceptor/README.md. Events are buffered as they arrive, so a
/// test that waits for one after it happened still gets it.
public final class FIXAcceptorProcess: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The TCP port on 127.0.0.1 the acceptor listens on (the same after `restart()`).
    public let port: Int
    /// Where the acceptor keeps its settings, FileStore (`store/`), FileLog (`log/`) and `orders.txt`.
    public let directory: URL
    /// The options after `--port P --dir D` (`--mode hold`, `--password PW`, ...).
    public let arguments: [String]
    private let executable: URL
    private let ownsDirectory: Bool
    private let shared = Shared()

    /// Builds the acceptor if a source changed, and starts it with `arguments`; returns once it said
    /// `READY`. Without a `directory`, it gets a new temporary one, removed when this object goes.
    public init(arguments: [String] = [], directory: URL? = nil) async throws {
        executable = try await Self.build()
        port = try Self.freeTCPPort()
        if let directory {
            self.directory = directory
            ownsDirectory = false
        } else {
            self.directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "fix-acceptor-\(UUID().uuidString)")
            ownsDirectory = true
        }
        self.arguments = arguments
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        try await launch()
    }

    deinit {
        stop()
        if ownsDirectory { try? FileManager.default.removeItem(at: directory) }
    }

    /// Sends one command line; returns the acceptor's `OK ...` answer, or throws for `ERR ...`, for no
    /// answer within `timeout`, or when the acceptor is not running.
    @discardableResult
    public func send(_ command: String, timeout: Duration = .seconds(5)) async throws -> String {
        guard !command.contains("\n") else {
            throw Failure(description: "a command is one line: \(command.debugDescription)")
        }
        let ticket: Int = try shared.state.withLock { state in
            guard let input = state.input, !state.exited else {
                throw Failure(description: "fix-acceptor is not running; cannot send '\(command)'")
            }
            try input.write(contentsOf: Data((command + "\n").utf8))
            state.commandsWritten += 1
            return state.commandsWritten - 1
        }
        let reply = try await wait(timeout, for: "an answer to '\(command)'") { state in
            ticket < state.replies.count ? state.replies[ticket] : nil
        }
        guard reply == "OK" || reply.hasPrefix("OK ") else {
            throw Failure(description: "fix-acceptor answered '\(reply)' to '\(command)'")
        }
        return reply
    }

    /// The first buffered event that starts with `prefix` in whole words ("NEW c1" matches
    /// "EVENT NEW c1 buy 100 AAPL market", "LOGON" does not match "EVENT LOGON_REFUSED"), waiting up to
    /// `timeout` for it; the event is taken out of the buffer. The leading "EVENT " may be left out.
    /// Returns the whole line, "EVENT " included.
    public func waitForEvent(prefix: String, timeout: Duration) async throws -> String {
        let wanted = prefix.hasPrefix("EVENT ") ? prefix : "EVENT " + prefix
        return try await wait(timeout, for: "an event '\(wanted)'") { state in
            guard let index = state.events.firstIndex(where: { $0 == wanted || $0.hasPrefix(wanted + " ") }) else {
                return nil
            }
            return state.events.remove(at: index)
        }
    }

    /// The events not yet taken by `waitForEvent`, oldest first.
    public var bufferedEvents: [String] { shared.state.withLock { $0.events } }

    /// What the acceptor wrote to standard error (its runs so far).
    public var standardError: String { shared.state.withLock { $0.errorOutput } }

    /// Stops the acceptor and starts it again with the same port, directory and arguments: QuickFIX's
    /// FileStore keeps the sequence numbers and orders.txt the orders. Events not yet taken stay buffered.
    public func restart() async throws {
        stop()
        try await launch()
    }

    /// Sends `quit` (the acceptor logs out a logged-on initiator and exits), and kills it if it has not
    /// exited within 5 seconds. Does nothing when it is not running.
    public func stop() {
        let running = shared.state.withLock { state in
            defer {
                state.process = nil
                state.input = nil
            }
            return state.process.map { ($0, state.input) }
        }
        guard let (process, input) = running else { return }
        try? input?.write(contentsOf: Data("quit\n".utf8))
        try? input?.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    // MARK: - The process

    private func launch() async throws {
        Self.ignoreBrokenPipes
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--port", String(port), "--dir", directory.path] + arguments
        process.environment = ChildEnvironment.minimal
        let (input, output, errors) = (Pipe(), Pipe(), Pipe())
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let generation = shared.state.withLock { state in
            state.generation += 1
            state.ready = false
            state.exited = false
            state.commandsWritten = 0
            state.replies = []
            state.process = process
            state.input = input.fileHandleForWriting
            return state.generation
        }
        try process.run()
        let shared = self.shared
        Thread.detachNewThread { shared.readLines(from: output.fileHandleForReading, generation: generation) }
        Thread.detachNewThread { shared.readErrors(from: errors.fileHandleForReading) }
        _ = try await wait(.seconds(10), for: "READY") { state in state.ready ? true : nil }
    }

    /// Polls the buffered output until `check` finds what it waits for; throws when the acceptor exits
    /// first or `timeout` passes.
    private func wait<Found: Sendable>(
        _ timeout: Duration, for what: String, _ check: @escaping @Sendable (inout State) -> Found?
    ) async throws -> Found {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let (found, exited, events, errors) = shared.state.withLock { state in
                (check(&state), state.exited, state.events, state.errorOutput)
            }
            if let found { return found }
            if exited {
                throw Failure(
                    description: "fix-acceptor exited while a test waited for \(what); its errors:\n\(errors)")
            }
            if clock.now >= deadline {
                throw Failure(
                    description: "no \(what) within \(timeout); events not taken: \(events); errors:\n\(errors)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    private struct State {
        var process: Process?
        var input: FileHandle?
        var generation = 0
        var ready = false
        var exited = false
        var commandsWritten = 0
        var replies: [String] = []
        var events: [String] = []
        var errorOutput = ""
    }

    /// What the pipe readers and the test share; the readers hold this, not the process object, so a
    /// dropped `FIXAcceptorProcess` is deinitialized (and its child stopped).
    private final class Shared: Sendable {
        let state = Mutex(State())

        func readLines(from handle: FileHandle, generation: Int) {
            var pending = Data()
            while true {
                let data = handle.readSomeRetryingInterrupts()
                if data.isEmpty { break }
                pending.append(data)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    record(line, generation: generation)
                }
            }
            state.withLock { state in
                if state.generation == generation { state.exited = true }
            }
        }

        func readErrors(from handle: FileHandle) {
            while true {
                let data = handle.readSomeRetryingInterrupts()
                if data.isEmpty { return }
                state.withLock { $0.errorOutput += String(decoding: data, as: UTF8.self) }
            }
        }

        private func record(_ line: String, generation: Int) {
            state.withLock { state in
                if line.hasPrefix("EVENT ") {
                    state.events.append(line)
                } else if state.generation == generation {
                    if line.hasPrefix("READY") {
                        state.ready = true
                    } else {
                        state.replies.append(line)
                    }
                }
            }
        }
    }

    // MARK: - Building

    /// The package's root: this file is Sources/RunnerTesting/FIXAcceptorProcess.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs scripts/build-fix-acceptor.sh once per test process (it does nothing when the binary is newer
    /// than its sources); throws with the compiler's output when the build fails.
    public static func build() async throws -> URL {
        try await OwnThread.run { try builder.build() }
    }

    private static let builder = Builder()

    private final class Builder: Sendable {
        private let result = Mutex<Result<URL, Failure>?>(nil)

        func build() throws -> URL {
            // Held for the whole build: concurrent tests wait for one compiler run instead of racing it.
            try result.withLock { result in
                if let result { return try result.get() }
                let built = Result { () throws(Failure) in try Self.runScript() }
                result = built
                return try built.get()
            }
        }

        private static func runScript() throws(Failure) -> URL {
            let root = FIXAcceptorProcess.packageRoot
            let binary = root.appendingPathComponent(".build/fix-acceptor/fix-acceptor")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [root.appendingPathComponent("scripts/build-fix-acceptor.sh").path, binary.path]
            process.environment = ChildEnvironment.minimal
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            do { try process.run() } catch {
                throw Failure(description: "cannot run scripts/build-fix-acceptor.sh: \(error)")
            }
            let text = String(decoding: output.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Failure(
                    description: "scripts/build-fix-acceptor.sh failed (exit \(process.terminationStatus)):\n\(text)")
            }
            return binary
        }
    }

    // MARK: - Ports and signals

    /// A TCP port on 127.0.0.1 that was free a moment ago (another process may take it in between; the
    /// acceptor then fails to bind and the test fails loudly).
    static func freeTCPPort() throws -> Int {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Writing a command to an acceptor that just exited must fail the write, not kill the test process
    /// with SIGPIPE.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()
}
