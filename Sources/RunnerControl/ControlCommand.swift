/// What a command asks a running engine to do.
///
/// The raw values are the wire spelling; an unknown spelling is refused with a reply, never guessed.
public enum ControlCommandKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Stop taking new risk: only targets that shrink positions pass, and the state survives a restart.
    case halt
    /// Reduce-only: targets that shrink positions pass, everything else is denied.
    case reduce
    /// Re-arm trading after a halt or reduce-only.
    case resume
    /// Cancel every working order, then close every position with reductions that pass the gate.
    case flatten
    /// Change nothing; answer with the engine's ``RunStatus``.
    case status
    /// The kill switch: halt, cancel every open order and close every position at the broker, confirmed.
    case kill

    public var description: String { rawValue }

    /// `halt, reduce, resume, flatten, status`, for messages that list the choices.
    static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// One command for a running engine, with why it was sent and who sent it; the engine journals both.
public struct ControlCommand: Sendable, Hashable, Codable {
    public var kind: ControlCommandKind
    /// Why, in the sender's words (`by hand` when they gave none).
    public var reason: String
    /// Who sent it, such as `runner flatten (pid 1234, user root)`.
    public var origin: String

    public init(kind: ControlCommandKind, reason: String, origin: String) {
        self.kind = kind
        self.reason = reason
        self.origin = origin
    }
}
