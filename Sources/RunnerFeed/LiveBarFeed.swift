import RunnerCore

/// Bars as they complete in real time: a broker's data stream, a program that prints bars, or a CSV
/// replayed at wall-clock speed. The run's live event source reads it; a feed never sees orders or fills.
public protocol LiveBarFeed: AnyObject, Sendable {
    /// Connects and subscribes to `symbols`; throws when the feed cannot start.
    func start(symbols: [Symbol]) async throws
    /// Stops the feed and ends ``events``.
    func stop() async
    /// Bars and the feed's health, in the order they arrive. Ends when the feed stops or fails for good.
    var events: AsyncStream<FeedEvent> { get }
}

/// What a live feed delivers.
public enum FeedEvent: Sendable, Hashable {
    /// A completed bar (its `timestamp` is the bar's start, as everywhere).
    case bar(Bar)
    /// The feed's connection dropped; it is reconnecting.
    case lost(reason: String)
    /// The feed is back after a drop.
    case restored
    /// The feed gave up: no more bars will come.
    case failed(reason: String)
}
