import RunnerIndicators

/// The bars of each higher timeframe a program reads (`close@1h`), built from the base bars it is stepped
/// with: first open, highest high, lowest low, last close, summed volume.
///
/// Periods are aligned to the Unix epoch by floor division, like a strategy's timeframe (`1d` is a UTC
/// day). A base bar's `timestamp` is its start (rounded down to the base timeframe, since a strategy's bar
/// carries the time of the first bar it was built from) and it ends one base timeframe later. A higher bar
/// completes, the same decision-tick rule the signal engine applies to the strategy's own bars:
/// - when a base bar ending at or after the end of its period has been added (the 10:55 five-minute bar
///   ends at 11:00 and completes the 10:00 hour), or
/// - when a base bar of a later period arrives first (a gap): it completes before that bar is added.
///
/// A base bar of a period that has already completed (possible only when the bars are shorter than the
/// base timeframe they were declared with) is left out rather than completing that period a second time.
struct HigherTimeframeBars {
    /// The bar in progress of one higher timeframe.
    private struct Builder {
        let length: Int64
        var period: Int64 = 0
        var bar: BarFields?
        var lastCompleted: Int64?
    }

    private let base: Int64
    private var builders: [Builder]

    /// Bars of each of `lengths` (milliseconds, whole multiples of `base`) built from bars `base` long.
    init(base: Int64, lengths: [Int64]) {
        self.base = max(base, 1)
        builders = lengths.map { Builder(length: $0) }
    }

    /// Adds one base bar, calling `complete` with the index of a timeframe and its bar for every higher bar
    /// completed by the bar's arrival or by its end (at most two per timeframe, in time order).
    mutating func add(_ bar: BarFields, complete: (Int, BarFields) -> Void) {
        let start = Self.floorDivide(bar.timestamp, base) &* base
        let (end, overflow) = start.addingReportingOverflow(base)
        for index in builders.indices {
            let length = builders[index].length
            let period = Self.floorDivide(start, length)
            if builders[index].bar != nil, builders[index].period < period {
                finish(index, complete)
            }
            if let last = builders[index].lastCompleted, period <= last { continue }
            merge(bar, into: index, period: period)
            // The period ends at (period + 1) * length; compared as a difference, which cannot overflow.
            if overflow || end - period &* length >= length {
                finish(index, complete)
            }
        }
    }

    private mutating func merge(_ bar: BarFields, into index: Int, period: Int64) {
        guard var open = builders[index].bar else {
            builders[index].period = period
            builders[index].bar = BarFields(
                timestamp: period &* builders[index].length, open: bar.open, high: bar.high, low: bar.low,
                close: bar.close, volume: bar.volume)
            return
        }
        open.high = max(open.high, bar.high)
        open.low = min(open.low, bar.low)
        open.close = bar.close
        open.volume += bar.volume
        builders[index].bar = open
    }

    private mutating func finish(_ index: Int, _ complete: (Int, BarFields) -> Void) {
        guard let bar = builders[index].bar else { return }
        builders[index].bar = nil
        builders[index].lastCompleted = builders[index].period
        complete(index, bar)
    }

    /// Division rounding toward negative infinity, so bars before 1970 land in the right period.
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
