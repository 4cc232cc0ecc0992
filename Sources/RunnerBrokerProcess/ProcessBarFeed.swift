import Foundation
import RunnerCore
import RunnerFeed

/// A live bar feed that is a program printing bars as JSON lines (docs/PROCESS_ADAPTER.md, "Bar feeds"),
/// started with the subscribed symbols in `RUNNER_FEED_SYMBOLS`. A malformed line is reported with its
/// line number and skipped; the program ending is a loss, restarted or given up on by the failure policy,
/// except exit status 0, which says the feed has no more bars.
public final class ProcessBarFeed: LiveBarFeed {
    /// The variable that carries the subscribed symbols, joined by commas.
    public static let symbolsVariable = "RUNNER_FEED_SYMBOLS"

    public let settings: ProcessAdapterSettings
    public let events: AsyncStream<FeedEvent>
    private let sink: AsyncStream<FeedEvent>.Continuation
    private let runnerEnvironment: [String: String]
    private let logLine: @Sendable (String) -> Void
    private let problem: @Sendable (String) -> Void
    private let state: Locked<FeedState>
    private let origin = ContinuousClock.now

    private struct FeedState {
        enum Phase: Equatable { case idle, running, restarting, ended }
        var phase = Phase.idle
        var child: ChildProcess?
        var generation = 0
        var symbols: Set<Symbol> = []
        var command: ChildCommand?
        /// Lines the current program printed, for messages (from 1 for each start).
        var lineNumber = 0
        var budget: RestartBudget
        var lostReported = false
    }

    /// - Parameters:
    ///   - environment: the runner's environment, where the variables the settings pass take their values.
    ///   - log: each line the program writes on its standard error.
    ///   - problems: each malformed line (`line 12: ...`) and each end of the program, in a sentence.
    public init(
        settings: ProcessAdapterSettings, environment: [String: String] = ProcessInfo.processInfo.environment,
        log: @escaping @Sendable (String) -> Void = { _ in }, problems: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.settings = settings
        runnerEnvironment = environment
        logLine = log
        problem = problems
        state = Locked(FeedState(budget: RestartBudget(policy: settings.onFailure)))
        (events, sink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    deinit { state.withLock { $0.child }?.sendSignal(SIGKILL) }

    /// Starts the program; throws ``ProcessAdapterError`` when it cannot be started.
    public func start(symbols: [Symbol]) async throws {
        let command = try ChildCommand(
            command: settings.command, workingDirectory: settings.workingDirectory,
            passing: settings.environmentVariables,
            extra: [Self.symbolsVariable: symbols.map(\.rawValue).joined(separator: ",")],
            runnerEnvironment: runnerEnvironment, role: "the feed program")
        let ready = state.withLock { state -> Bool in
            guard state.phase == .idle else { return false }
            state.symbols = Set(symbols)
            state.command = command
            state.phase = .running
            return true
        }
        guard ready else {
            throw ProcessAdapterError.startFailed("start(symbols:) was called on a feed that is not idle")
        }
        do throws(ProcessAdapterError) {
            try launch(command)
        } catch {
            state.withLock { $0.phase = .idle }
            throw error
        }
    }

    /// Ends the program (input closed, SIGTERM, then SIGKILL after the stop timeout) and ends ``events``.
    public func stop() async {
        let child = state.withLock { state -> ChildProcess? in
            state.phase = .ended
            defer { state.child = nil }
            return state.child
        }
        if let child {
            // A feed has nothing to flush: SIGTERM at once, SIGKILL after the stop timeout.
            child.endNow(grace: settings.stopTimeout)
            _ = await child.exited.wait(timeout: settings.stopTimeout + .seconds(5))
        }
        sink.finish()
    }

    private func launch(_ command: ChildCommand) throws(ProcessAdapterError) {
        let generation = state.withLock { state in
            state.generation += 1
            state.lineNumber = 0
            return state.generation
        }
        let handlers = ChildProcess.Handlers(
            line: { [weak self] piece in self?.received(piece, generation: generation) },
            log: { [weak self] line in self?.logLine(line) },
            ended: { [weak self] reason in self?.ended(generation: generation, reason: reason) })
        let child = try ChildProcess.launch(command, handlers: handlers)
        let current = state.withLock { state -> Bool in
            guard state.generation == generation, state.phase == .running else { return false }
            state.child = child
            return true
        }
        if !current { child.sendSignal(SIGKILL) }
    }

    private func received(_ piece: LineSplitter.Piece, generation: Int) {
        let (number, symbols, current) = state.withLock { state in
            state.lineNumber += 1
            return (state.lineNumber, state.symbols, state.generation == generation && state.phase == .running)
        }
        guard current else { return }
        switch piece {
        case .tooLong:
            problem("the feed program's line \(number) is longer than 1 MiB; skipped")
        case .line(let line):
            do throws(WireError) {
                let bar = try FeedBar.parse(line, subscribed: symbols)
                state.withLock { $0.budget.recovered() }
                sink.yield(.bar(bar))
            } catch {
                problem("the feed program's line \(number): \(error.reason); skipped")
            }
        }
    }

    /// The program ended: exit status 0 ends the feed; anything else is a loss, handled by the policy.
    private func ended(generation: Int, reason: String) {
        let now = ContinuousClock.now - origin
        enum Next { case nothing, finished(String), lost(String?, Duration), failed(String) }
        let next = state.withLock { state -> Next in
            guard state.generation == generation, state.phase == .running else { return .nothing }
            let child = state.child
            state.child = nil
            if child?.exitStatus == 0 {
                state.phase = .ended
                return .finished("the feed program finished (exit status 0): no more bars")
            }
            switch state.budget.failed(at: now) {
            case .restart(let backoff):
                state.phase = .restarting
                defer { state.lostReported = true }
                return .lost(state.lostReported ? nil : reason, backoff)
            case .giveUp(let why):
                state.phase = .ended
                return .failed(state.budget.policy == .fail ? reason : "\(reason); gave up: \(why)")
            }
        }
        switch next {
        case .nothing: return
        case .finished(let message):
            // The end of the data, as a replay's last row: the stream ends without a failure.
            logLine(message)
            sink.finish()
        case .lost(let report, let backoff):
            problem(reason)
            if let report { sink.yield(.lost(reason: report)) }
            DispatchQueue.global().asyncAfter(deadline: .now() + backoff.timeInterval) { [weak self] in self?.restart()
            }
        case .failed(let message):
            problem(reason)
            sink.yield(.failed(reason: message))
            sink.finish()
        }
    }

    /// After the backoff: starts the program again (a start that fails counts like a crash).
    private func restart() {
        let command = state.withLock { state -> ChildCommand? in
            guard state.phase == .restarting else { return nil }
            state.phase = .running
            return state.command
        }
        guard let command else { return }
        do throws(ProcessAdapterError) {
            try launch(command)
            let restored = state.withLock { state -> Bool in
                defer { state.lostReported = false }
                return state.phase == .running
            }
            if restored { sink.yield(.restored) }
        } catch {
            ended(generation: state.withLock { $0.generation }, reason: error.description)
        }
    }
}
