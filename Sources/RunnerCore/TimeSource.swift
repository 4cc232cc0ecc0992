import Foundation
import Synchronization

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
///
/// An atomic rather than a lock: the replay sets it on every bar and every stage reads it.
public final class ManualTimeSource: TimeSource {
    private let current: Atomic<Int64>

    public init(milliseconds: Int64 = 0) { current = Atomic(milliseconds) }

    public var nowMilliseconds: Int64 { current.load(ordering: .acquiring) }

    public func set(_ milliseconds: Int64) { current.store(milliseconds, ordering: .releasing) }

    public func advance(by milliseconds: Int64) { current.wrappingAdd(milliseconds, ordering: .acquiringAndReleasing) }
}
