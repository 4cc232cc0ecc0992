/// Where a working (sent, not yet finished) order stands; finished orders are not working and not listed.
///
/// The raw values are the wire spelling.
public enum WorkingOrderStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Sent to the broker, not yet acknowledged.
    case submitted
    /// Acknowledged by the broker, nothing filled yet.
    case accepted
    /// Some of it filled; the rest is still working.
    case partiallyFilled = "partially_filled"
    /// A cancel was sent and is not yet confirmed.
    case cancelRequested = "cancel_requested"

    public var description: String { rawValue }
}
