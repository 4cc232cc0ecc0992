/// The engine's answer to one ``ControlCommand``.
public struct ControlReply: Sendable, Hashable, Codable {
    /// Whether the engine took the command; a refusal says why in ``message``.
    public var accepted: Bool
    /// A sentence for the terminal: what the engine did, or why it did nothing.
    public var message: String
    /// The engine's state after the command; always present for `status`, optional for the others.
    public var status: RunStatus?

    public init(accepted: Bool, message: String, status: RunStatus? = nil) {
        self.accepted = accepted
        self.message = message
        self.status = status
    }

    /// A refusal that names the problem, as the server sends for a request it cannot read.
    public static func refused(_ message: String) -> ControlReply {
        ControlReply(accepted: false, message: message)
    }
}
