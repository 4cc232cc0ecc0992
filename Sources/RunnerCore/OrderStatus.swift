/// Where a child order stands, end to end: the router's plan, the broker's answer and the journal all
/// speak this one type. Its raw values are what the journal stores.
public enum OrderStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Planned by the router, not yet released to the broker.
    case scheduled
    /// Sent; the broker has not answered yet.
    case new
    /// Working at the broker, nothing filled.
    case accepted
    /// Working at the broker, part filled.
    case partiallyFilled = "partially_filled"
    case filled
    case cancelled
    case rejected
    /// Sent, and the answer was lost: it may or may not be working. Looked up by client order id.
    case unknown

    /// Whether the order can no longer trade.
    public var isTerminal: Bool { self == .filled || self == .cancelled || self == .rejected }

    /// Whether the order may be working at the broker (sent and not terminal).
    public var mayBeWorking: Bool { self == .new || self == .accepted || self == .partiallyFilled || self == .unknown }

    /// The status for a stored raw value; nil for a word this version does not know.
    public init?(journaled text: String) {
        self.init(rawValue: text)
    }
}
