import Synchronization

/// Commands waiting for the engine, from any task or thread. The run loop takes them between events, so
/// a command never lands in the middle of a decision; each sender waits for its own reply.
public final class CommandInbox: Sendable {
    private struct Waiting {
        var command: EngineCommand
        var reply: CheckedContinuation<EngineReply?, Never>
    }

    private struct State {
        var waiting: [Waiting] = []
        var closed = false
    }

    private let state = Mutex(State())
    /// Checked on every event without taking the lock.
    private let pending = Atomic<Int>(0)

    public init() {}

    /// Queues `command` and waits for the engine's reply; nil when the engine stopped before taking it.
    public func send(_ command: EngineCommand) async -> EngineReply? {
        await withCheckedContinuation { continuation in
            let accepted = state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.waiting.append(Waiting(command: command, reply: continuation))
                return true
            }
            if accepted { pending.add(1, ordering: .releasing) } else { continuation.resume(returning: nil) }
        }
    }

    /// Whether any command waits (cheap: one atomic load).
    public var hasCommands: Bool { pending.load(ordering: .acquiring) > 0 }

    /// Takes the waiting commands, each with the function that answers its sender.
    func take() -> [(EngineCommand, @Sendable (EngineReply) -> Void)] {
        let taken = state.withLock { state in
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        pending.subtract(taken.count, ordering: .releasing)
        return taken.map { waiting in (waiting.command, { waiting.reply.resume(returning: $0) }) }
    }

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
