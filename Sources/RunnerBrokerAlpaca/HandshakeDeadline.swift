import RunnerCore

/// Whether a stream handshake ran out of time (its watchdog closed the connection), so the handshake can
/// say "timed out" rather than "closed".
final class HandshakeDeadline: Sendable {
    private let state = Locked(false)

    func pass() { state.withLock { $0 = true } }
    var passed: Bool { state.withLock { $0 } }
}
