import Foundation

/// Where stages read the time. Injected, so rate limits, halts and watchdogs can be tested with a
/// manual clock instead of sleeping.
public protocol TimeSource: AnyObject, Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    var nowMilliseconds: Int64 { get }
}

/// The system's wall clock.
public final class SystemTimeSource: TimeSource {
    public init() {}
    public var nowMilliseconds: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

/// A clock that moves only when told: the test double, and the replay clock (set to each bar's time).
public final class ManualTimeSource: TimeSource, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Int64

    public init(milliseconds: Int64 = 0) { current = milliseconds }

    public var nowMilliseconds: Int64 { lock.withLock { current } }

    public func set(_ milliseconds: Int64) { lock.withLock { current = milliseconds } }

    public func advance(by milliseconds: Int64) { lock.withLock { current += milliseconds } }
}
