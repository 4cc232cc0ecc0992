import Foundation
import RunnerBroker
import RunnerCore

extension ProcessBrokerAdapter {
    /// Starts the program as the next generation; returns that generation. A start that fails still uses
    /// one, so its failure is judged like a crash.
    func launch(_ command: ChildCommand) throws(ProcessAdapterError) -> Int {
        let generation = session.withLock { session in
            session.generation += 1
            return session.generation
        }
        let handlers = ChildProcess.Handlers(
            line: { [weak self] piece in self?.received(piece, generation: generation) },
            log: { [weak self] line in self?.logLine(line) },
            ended: { [weak self] reason in self?.childFailed(generation: generation, reason: reason) })
        let child = try ChildProcess.launch(command, handlers: handlers)
        let current = session.withLock { session -> Bool in
            guard session.generation == generation else { return false }
            session.child = child
            return true
        }
        if !current { child.sendSignal(SIGKILL) }
        return generation
    }

    /// One line from the process of `generation`: a reply completes its request, an event goes to its
    /// stream, anything else is a protocol violation that ends the process.
    func received(_ piece: LineSplitter.Piece, generation: Int) {
        let line: Data
        switch piece {
        case .tooLong(let prefix):
            return childFailed(
                generation: generation,
                reason:
                    "the adapter printed a line longer than 1 MiB: \(String(decoding: prefix.prefix(100), as: UTF8.self))…"
            )
        case .line(let data): line = data
        }
        let message: AdapterMessage
        do throws(WireError) {
            message = try AdapterMessage.parse(line)
        } catch {
            return childFailed(generation: generation, reason: error.reason)
        }
        switch message {
        case .reply(let id, let outcome):
            enum Match { case waiting(AdapterSession.Pending), abandoned, stale, unknown }
            let match = session.withLock { session -> Match in
                guard session.generation == generation else { return .stale }
                if let pending = session.pending.removeValue(forKey: id) { return .waiting(pending) }
                return session.abandoned.remove(id) != nil ? .abandoned : .unknown
            }
            switch match {
            case .waiting(let pending):
                switch outcome {
                case .result(let value): pending.completion(.success(value))
                case .error(let code, let message): pending.completion(.failure(.refused(code: code, message: message)))
                }
            case .abandoned, .stale: break
            case .unknown:
                childFailed(
                    generation: generation,
                    reason: "the adapter replied with id \(id), which matches no request waiting for a reply")
            }
        case .execution(let report):
            if isCurrent(generation) { executionSink.yield(report) }
        case .connection(let event):
            if isCurrent(generation) {
                if case .lost(let reason) = event { problem("the adapter lost its broker connection: \(reason)") }
                connectionSink.yield(event.fromAdapter)
            }
        }
    }

    func isCurrent(_ generation: Int) -> Bool { session.withLock { $0.generation == generation } }

    /// The process of `generation` crashed, hung, ended or broke the protocol: fail its waiting calls, end
    /// it, and restart it or give up by the policy (while `connect()` waits, it just returns the reason).
    func childFailed(generation: Int, reason: String) {
        let now = ContinuousClock.now - origin
        typealias Outcome = (
            child: ChildProcess?, waiting: [AdapterSession.Pending], events: [BrokerConnectionEvent],
            restartAfter: Duration?, report: Bool
        )
        let (child, waiting, events, restartAfter, report) = session.withLock { session -> Outcome in
            guard session.generation == generation else { return (nil, [], [], nil, false) }
            switch session.phase {
            case .starting(initial: true):
                // `connect()` throws the reason; nothing was connected, so there is nothing to report as lost.
                let (child, waiting) = session.detach()
                session.phase = .idle
                return (child, waiting, [], nil, false)
            case .starting(initial: false), .connected:
                break
            default:
                // Closing (the end is expected), or already handled.
                let (child, waiting) = session.detach()
                return (child, waiting, [], nil, false)
            }
            let (child, waiting) = session.detach()
            switch session.budget.failed(at: now) {
            case .restart(let backoff):
                session.phase = .restarting
                let events: [BrokerConnectionEvent] = session.lostReported ? [] : [.lost(reason: reason)]
                session.lostReported = true
                return (child, waiting, events, backoff, true)
            case .giveUp(let why):
                let final = session.budget.policy == .fail ? reason : "\(reason); gave up: \(why)"
                session.phase = .failed(final)
                return (child, waiting, [.failed(reason: final)], nil, true)
            }
        }
        if report { problem(reason) }
        for call in waiting { call.completion(.failure(.ended(reason))) }
        child?.endNow(grace: settings.stopTimeout)
        for event in events { connectionSink.yield(event) }
        if case .failed = events.last {
            executionSink.finish()
            connectionSink.finish()
        }
        if let restartAfter {
            DispatchQueue.global().asyncAfter(deadline: .now() + restartAfter.timeInterval) { [weak self] in
                self?.restart()
            }
        }
    }

    /// The process answered hello with no version this runner speaks: a restart cannot mend that.
    func refuse(generation: Int, reason: String) {
        let (child, waiting, final) = session.withLock { session -> (ChildProcess?, [AdapterSession.Pending], Bool) in
            guard session.generation == generation else { return (nil, [], false) }
            let (child, waiting) = session.detach()
            if session.phase == .starting(initial: true) {
                session.phase = .idle
                return (child, waiting, false)
            }
            session.phase = .failed(reason)
            return (child, waiting, true)
        }
        problem(reason)
        for call in waiting { call.completion(.failure(.ended(reason))) }
        child?.endNow(grace: settings.stopTimeout)
        if final {
            connectionSink.yield(.failed(reason: reason))
            executionSink.finish()
            connectionSink.finish()
        }
    }

    /// After the backoff: starts the program again and greets it, unless the adapter was closed meanwhile
    /// (a failed attempt counts against the budget like any failure).
    func restart() {
        let go = session.withLock { session -> Bool in
            guard session.phase == .restarting else { return false }
            session.phase = .starting(initial: false)
            return true
        }
        if go { startAndGreet(initial: false) { _ in } }
    }
}

extension BrokerConnectionEvent {
    /// An adapter's report about its own broker connection, as the runner passes it on.
    fileprivate var fromAdapter: BrokerConnectionEvent {
        if case .lost(let reason) = self { return .lost(reason: "the adapter's broker connection: \(reason)") }
        return self
    }
}
