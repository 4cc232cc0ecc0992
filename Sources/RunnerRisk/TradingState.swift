import Foundation

/// Whether new risk may be taken, why, and since when. Owned by the gate; changed only by its own
/// daily-loss rule, the kill switch or an explicit command, and persisted so a restart never silently
/// resumes trading.
///
/// Stored as JSON with the keys `mode`, `reason`, `since` and `tradingDay`, as before trading days followed the
/// session: older files read unchanged, and the gate recomputes their `tradingDay` under its session.
public struct TradingState: Sendable, Hashable, Codable {
    public enum Mode: String, Sendable, Hashable, Codable {
        /// Every check applies; risk may grow.
        case active
        /// Only targets that shrink positions pass.
        case reducing
        /// Only targets that shrink positions pass, and new risk is denied with the halt's code.
        case halted
    }

    public enum Reason: String, Sendable, Hashable, Codable {
        case started
        /// The daily loss exceeded the limit; lifts at the session's next trading day or by an explicit resume.
        case dailyLoss = "daily_loss"
        case killSwitch = "kill_switch"
        case command
        /// Resumed by hand out of a daily-loss halt: the daily-loss rule stays off for the rest of that day.
        case dailyLossOverride = "daily_loss_override"
    }

    public var mode: Mode
    public var reason: Reason
    /// Milliseconds since the epoch.
    public var since: Int64
    /// The trading day the state was set on: the session's local date at `since`, as days since 1970-01-01
    /// (``TradingSession/tradingDay(of:)``). A daily-loss halt lifts on a later day.
    public var tradingDay: Int64

    /// A state set at `since` (milliseconds since the epoch), on `tradingDay` (days since 1970-01-01).
    public init(mode: Mode, reason: Reason, since: Int64, tradingDay: Int64) {
        self.mode = mode
        self.reason = reason
        self.since = since
        self.tradingDay = tradingDay
    }
}

/// Where the trading state survives a restart. The journal implements it later; a file does now.
public protocol TradingStateStore: AnyObject {
    func load() throws -> TradingState?
    func save(_ state: TradingState) throws
}

/// Keeps the state in memory: for tests, and for replays that start fresh on purpose.
public final class MemoryTradingStateStore: TradingStateStore {
    public private(set) var saved: TradingState?
    public init(_ state: TradingState? = nil) { saved = state }
    public func load() throws -> TradingState? { saved }
    public func save(_ state: TradingState) throws { saved = state }
}

/// Keeps the state in a small JSON file, replaced atomically on every change.
public final class FileTradingStateStore: TradingStateStore {
    public let path: String

    public init(path: String) { self.path = path }

    public func load() throws -> TradingState? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try JSONDecoder().decode(TradingState.self, from: data)
    }

    public func save(_ state: TradingState) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(state).write(to: url, options: .atomic)
    }
}
