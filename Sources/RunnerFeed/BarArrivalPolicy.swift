import RunnerCore

/// The documented policy for bars that arrive live: what is delivered, what is dropped, and when the time
/// of a bar interval closes. Pure: it is told the time and the bars, and answers with decisions.
///
/// The run's time moves on the bar grid, as a replay's does: `advance(T)` means every bar that started
/// before T is in. Live, the bar `[T - interval, T)` completes at T and reaches the runner a moment later,
/// so T closes at `T + grace` of the feed's clock, whether or not every symbol's bar came.
///
/// - A bar that starts at or after the open interval is delivered.
/// - A **late** bar (its interval already closed) is dropped and reported: the decisions of that interval
///   were made without it, and feeding it now would show indicators the past out of order.
/// - A **duplicate** (the same symbol and start as a bar already delivered) is dropped; one whose values
///   differ is reported, since the feed then said two things about one bar.
/// - **Missing** bars (a symbol's bar skipped one or more intervals) are reported, never invented: the
///   indicators see the gap as the data has it.
public struct BarArrivalPolicy: Sendable {
    /// Length of one bar, in milliseconds.
    public let interval: Int64
    /// How long after a bar's end the runner waits for it before the interval closes, in milliseconds.
    public let grace: Int64
    /// Every bar starting before this time is in (the last `advance` sent); nil before the first.
    public private(set) var closedThrough: Int64?
    private var lastDelivered: [Symbol: Bar] = [:]

    public init(interval: Int64, grace: Int64) {
        precondition(interval > 0 && grace >= 0, "a bar interval must be positive and the grace not negative")
        self.interval = interval
        self.grace = grace
    }

    /// What to do with one arriving bar.
    public enum Decision: Sendable, Hashable {
        case deliver
        /// Delivered, after `missing` intervals with no bar for the symbol.
        case deliverAfterGap(missing: Int64)
        case dropLate(closedThrough: Int64)
        case dropDuplicate
        /// Dropped: a second bar for the same symbol and start with other values.
        case dropConflictingDuplicate(Bar)
        /// Dropped by the live source: a bar that ends after the wall clock's `now` (beyond the grace) cannot
        /// be complete; its timestamp is wrong.
        case dropFromTheFuture(now: Int64)
    }

    public mutating func arrive(_ bar: Bar) -> Decision {
        if let last = lastDelivered[bar.symbol], bar.timestamp <= last.timestamp {
            if bar.timestamp == last.timestamp { return bar == last ? .dropDuplicate : .dropConflictingDuplicate(last) }
            return .dropLate(closedThrough: closedThrough ?? last.timestamp)
        }
        if let closedThrough, bar.timestamp < closedThrough { return .dropLate(closedThrough: closedThrough) }
        let previous = lastDelivered[bar.symbol]
        lastDelivered[bar.symbol] = bar
        guard let previous else { return .deliver }
        let missing = (bar.timestamp - previous.timestamp) / interval - 1
        return missing > 0 ? .deliverAfterGap(missing: missing) : .deliver
    }

    /// The interval starts to close at feed time `now`, oldest first: at the first call the start of the
    /// interval in progress (nothing before it will be taken), then each interval end once its grace passed.
    public mutating func closes(now: Int64) -> [Int64] {
        guard let closed = closedThrough else {
            let start = Self.floor(now - grace, to: interval)
            closedThrough = start
            return [start]
        }
        guard closed + interval + grace <= now else { return [] }
        let last = Self.floor(now - grace, to: interval)
        closedThrough = last
        return Self.grid(after: closed, through: last, step: interval)
    }

    /// Starts the grid at `barStart` when nothing closed yet (a feed whose first bar sets the time): the
    /// time moves to its start, so that bar and later ones are taken.
    public mutating func start(at barStart: Int64) -> [Int64] {
        guard closedThrough == nil else { return [] }
        let start = Self.floor(barStart, to: interval)
        closedThrough = start
        return [start]
    }

    /// The interval starts up to `barStart`, for a bar whose interval the clock has not opened yet (the
    /// feed's clock runs ahead of this one): time moves to its start first, as a replay's would.
    public mutating func closes(through barStart: Int64) -> [Int64] {
        guard let closed = closedThrough, barStart > closed else { return [] }
        let last = Self.floor(barStart, to: interval)
        guard last > closed else { return [] }
        closedThrough = last
        return Self.grid(after: closed, through: last, step: interval)
    }

    /// Moves the time straight to `barStart`, as a replay does at each new bar time (the ticks between
    /// close there all the same); for history whose bars set the time.
    public mutating func jump(to barStart: Int64) -> [Int64] {
        guard let closed = closedThrough else { return start(at: barStart) }
        let last = Self.floor(barStart, to: interval)
        guard last > closed else { return [] }
        closedThrough = last
        return [last]
    }

    /// The feed time at which the interval in progress closes.
    public var nextClose: Int64? { closedThrough.map { $0 + interval + grace } }

    /// Each interval start after `closed` through `last`; past `limit` of them only `last` (a bar stamped
    /// years ahead, a long stall: the ticks between close at `last` all the same, and memory stays bounded).
    static func grid(after closed: Int64, through last: Int64, step: Int64, limit: Int64 = 1_000) -> [Int64] {
        let count = (last - closed) / step
        guard count <= limit else { return [last] }
        return (1...max(1, count)).map { closed + $0 * step }
    }

    static func floor(_ value: Int64, to step: Int64) -> Int64 {
        let remainder = value % step
        return remainder >= 0 ? value - remainder : value - remainder - step
    }
}
