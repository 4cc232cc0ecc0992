import RunnerBus
import RunnerCore
import Synchronization

/// Commands waiting for the engine, from any task or thread. The run loop takes them between events, so
/// a command never lands in the middle of a decision; each sender waits for its own reply.
public final class CommandInbox: Sendable {
    private struct Waiting {
        var command: EngineCommand
        var reply: CheckedContinuation<EngineReply?, Never>
        /// After it the sender has given up: the command is dropped, never applied late.
        var deadline: ContinuousClock.Instant
    }

    private struct State {
        var waiting: [Waiting] = []
        var closed = false
    }

    private let state = Locked(State())
    /// Checked on every event without taking the lock.
    private let pending = Atomic<Int>(0)

    public init() {}

    /// Queues `command` and waits for the engine's reply; nil when the engine stopped before taking it,
    /// or did not take it within `patience` (the sender's own timeout): such a command is never applied.
    public func send(_ command: EngineCommand, patience: Duration = .seconds(3_600)) async -> EngineReply? {
        let deadline = ContinuousClock.now + patience
        return await withCheckedContinuation { continuation in
            let accepted = state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.waiting.append(Waiting(command: command, reply: continuation, deadline: deadline))
                return true
            }
            if accepted { pending.add(1, ordering: .releasing) } else { continuation.resume(returning: nil) }
        }
    }

    /// Whether any command waits (cheap: one atomic load).
    public var hasCommands: Bool { pending.load(ordering: .acquiring) > 0 }

    /// Takes the waiting commands, each with the function that answers its sender; those past their
    /// deadline are answered nil and dropped.
    func take() -> [(EngineCommand, @Sendable (EngineReply) -> Void)] {
        let taken = state.withLock { state in
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        pending.subtract(taken.count, ordering: .releasing)
        let now = ContinuousClock.now
        for late in taken where late.deadline < now { late.reply.resume(returning: nil) }
        return taken.filter { $0.deadline >= now }.map { waiting in
            (waiting.command, { waiting.reply.resume(returning: $0) })
        }
    }

    /// Whether the engine has stopped taking commands.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// The engine has stopped: later senders get nil at once, and those still waiting get nil now.
    public func close() {
        let left = state.withLock { state in
            state.closed = true
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        pending.store(0, ordering: .releasing)
        for waiting in left { waiting.reply.resume(returning: nil) }
    }
}
