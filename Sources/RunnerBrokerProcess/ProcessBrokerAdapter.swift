import Foundation
import RunnerBroker
import RunnerCore

/// A broker adapter that is a child process speaking line-delimited JSON (docs/PROCESS_ADAPTER.md), so
/// a team can wrap its broker's SDK in any language. Requests are correlated by id and bounded by
/// ``ProcessAdapterSettings/replyTimeout``; a crash, a hang, or a line that breaks the protocol is reported
/// (``connectionEvents`` and the problems callback), every waiting call fails at once, and the process is
/// ended and restarted or given up on by ``ProcessAdapterSettings/onFailure``.
public final class ProcessBrokerAdapter: ConnectedBrokerAdapter {
    /// The protocol version this runner speaks.
    public static let protocolVersion: Int64 = 1

    public let settings: ProcessAdapterSettings
    public let executions: AsyncStream<ExecutionReport>
    public let connectionEvents: AsyncStream<BrokerConnectionEvent>
    let runnerEnvironment: [String: String]
    let logLine: @Sendable (String) -> Void
    let problem: @Sendable (String) -> Void
    let executionSink: AsyncStream<ExecutionReport>.Continuation
    let connectionSink: AsyncStream<BrokerConnectionEvent>.Continuation
    let session: Locked<AdapterSession>
    /// The monotonic origin the failure budget measures from.
    let origin = ContinuousClock.now

    /// - Parameters:
    ///   - environment: the runner's environment, where the variables the settings pass take their values.
    ///   - log: each line the adapter writes on its standard error.
    ///   - problems: each problem found (a crash, a hang, a protocol violation), in a sentence.
    public init(
        settings: ProcessAdapterSettings, environment: [String: String] = ProcessInfo.processInfo.environment,
        log: @escaping @Sendable (String) -> Void = { _ in }, problems: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.settings = settings
        runnerEnvironment = environment
        logLine = log
        problem = problems
        session = Locked(AdapterSession(policy: settings.onFailure))
        (executions, executionSink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        (connectionEvents, connectionSink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    deinit {
        // Never leave an adapter running behind a runner that dropped it without `disconnect()`.
        session.withLock { $0.child }?.sendSignal(SIGKILL)
    }

    /// The name the adapter gave in its hello reply; nil before it connected.
    public var adapterName: String? { session.withLock { $0.adapterName } }

    /// Whether the adapter is connected now (not starting, restarting, failed or closed).
    public var isConnected: Bool { session.withLock { $0.phase == .connected } }

    /// The process id of the adapter program running now, if one is.
    public var processIdentifier: Int32? { session.withLock { $0.child?.processIdentifier } }

    /// Starts the program and says hello; throws `adapterFailure` with the reason when the program cannot
    /// start, ends or misbehaves before it answers, or speaks no protocol version this runner speaks.
    public func connect() async throws(BrokerError) {
        let started = session.withLock { session -> Bool in
            guard session.phase == .idle else { return false }
            session.phase = .starting(initial: true)
            return true
        }
        guard started else { throw .adapterFailure("connect() was called on an adapter that is not idle") }
        let failure = await withCheckedContinuation { (answer: CheckedContinuation<String?, Never>) in
            startAndGreet(initial: true) { answer.resume(returning: $0) }
        }
        if let reason = failure {
            session.withLock { if $0.phase == .starting(initial: true) { $0.phase = .idle } }
            throw .adapterFailure(reason)
        }
    }

    /// Sends `shutdown`, closes the program's input and ends it (SIGTERM, then SIGKILL, each after
    /// ``ProcessAdapterSettings/stopTimeout``); ends both streams.
    public func disconnect() async {
        _ = await close()
    }

    /// ``disconnect()``, telling how the process ended (for the conformance check).
    func close() async -> (termination: ChildProcess.Termination, exitStatus: Int32?, shutdownFailure: String?)? {
        let child = session.withLock { session -> ChildProcess? in
            switch session.phase {
            case .closing, .closed: return nil
            default:
                session.phase = .closing
                return session.child
            }
        }
        if let child {
            var shutdownFailure: String?
            if case .failure(let failure) = await request("shutdown", [:], timeout: settings.stopTimeout) {
                shutdownFailure = Self.describe(failure, op: "shutdown")
            }
            let termination = await child.terminate(grace: settings.stopTimeout)
            finishClosing()
            return (termination, child.exitStatus, shutdownFailure)
        }
        finishClosing()
        return nil
    }

    private func finishClosing() {
        let (_, waiting) = session.withLock { session in
            session.phase = .closed
            return session.detach()
        }
        for call in waiting { call.completion(.failure(.ended("the adapter was disconnected"))) }
        executionSink.finish()
        connectionSink.finish()
    }

    /// Launches a process and greets it; `done` gets nil when it connected, else the reason it did not
    /// (already handled as a failure of that process).
    func startAndGreet(initial: Bool, done: @escaping @Sendable (String?) -> Void) {
        let generation: Int
        do throws(ProcessAdapterError) {
            let command = try ChildCommand(
                command: settings.command, workingDirectory: settings.workingDirectory,
                passing: settings.environmentVariables, runnerEnvironment: runnerEnvironment, role: "the adapter")
            generation = try launch(command)
        } catch {
            childFailed(generation: session.withLock { $0.generation }, reason: error.description)
            return done(error.description)
        }
        let hello: [String: JSONValue] = [
            "protocol": .integer(Self.protocolVersion), "runner": .string("strategy-runner"),
        ]
        send("hello", hello, timeout: settings.startTimeout) { [weak self] result in
            guard let self else { return done("the adapter was released") }
            done(greeted(result, generation: generation, initial: initial))
        }
    }

    /// Handles the hello reply of the process of `generation`; nil when it is connected now.
    private func greeted(_ result: Result<JSONValue, CallFailure>, generation: Int, initial: Bool) -> String? {
        let value: JSONValue
        switch result {
        case .failure(let failure):
            let reason = Self.describe(failure, op: "hello")
            childFailed(generation: generation, reason: reason)
            return reason
        case .success(let success): value = success
        }
        do throws(WireError) {
            let (versions, name) = try Self.hello(value)
            guard versions.contains(Self.protocolVersion) else {
                let listed = versions.map(String.init).joined(separator: ", ")
                let reason =
                    "the adapter '\(name)' speaks protocol versions [\(listed)]; this runner speaks version \(Self.protocolVersion)"
                refuse(generation: generation, reason: reason)
                return reason
            }
            let connected = session.withLock { session -> Bool in
                guard session.generation == generation, case .starting = session.phase else { return false }
                session.phase = .connected
                session.adapterName = name
                session.lostReported = false
                session.budget.recovered()
                return true
            }
            guard connected else { return "the adapter ended before it was ready" }
            if !initial { connectionSink.yield(.restored) }
            return nil
        } catch {
            let reason = "the hello reply is wrong: \(error.reason)"
            childFailed(generation: generation, reason: reason)
            return reason
        }
    }

    /// The versions and name a hello reply gives.
    static func hello(_ result: JSONValue) throws(WireError) -> (versions: [Int64], name: String) {
        let object = try WireObject(result, path: "the hello reply's result")
        let value = try object.value("protocols")
        guard case .array(let elements) = value, !elements.isEmpty else {
            throw WireError("\(object.name("protocols")) must be a non-empty array of integers")
        }
        var versions: [Int64] = []
        for element in elements {
            guard case .integer(let version) = element else {
                throw WireError("\(object.name("protocols")) holds \(element.kind), not an integer")
            }
            versions.append(version)
        }
        return (versions, try object.string("name"))
    }

    /// How a failed request is named in a problem or a connect error.
    static func describe(_ failure: CallFailure, op: String) -> String {
        switch failure {
        case .ended(let reason): reason
        case .timedOut(let bound): "no reply to \(op) within \(bound.shortText)"
        case .violation(let reason): reason
        case .refused(let code, let message): "the adapter refused \(op): \(code): \(message)"
        case .cancelled: "the \(op) call was cancelled"
        case .notConnected(let failure): failure ?? "the adapter is not connected"
        }
    }
}
