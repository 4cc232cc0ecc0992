import Foundation

/// Turns what a zone's clocks read into the instant, for timestamps written without an offset.
///
/// Readings the clocks skip or repeat are read as ``TradingSession`` reads them: a reading inside a
/// spring-forward gap is the instant the clocks show it as if they had not jumped (after the jump), and a
/// reading that occurs twice is its first occurrence.
public struct LocalClockReading: Sendable {
    private let offsets: UTCOffsetTable
    private static let day: Int64 = 86_400_000

    public init(_ timeZone: TimeZone) { offsets = UTCOffsetTable(timeZone) }

    /// The instant (milliseconds since the epoch) at which the zone's clocks read `local` (milliseconds since
    /// 1970-01-01T00:00 on those clocks).
    public func instant(local: Int64) -> Int64 {
        // The offset in force is one of those a day either side of the reading (zones move by less).
        let before = offsets.offset(at: saturatingAdd(local, -Self.day))
        let after = offsets.offset(at: saturatingAdd(local, Self.day))
        let early = saturatingAdd(local, -max(before, after))
        let late = saturatingAdd(local, -min(before, after))
        if offsets.offset(at: early) == max(before, after) { return early }
        if offsets.offset(at: late) == min(before, after) { return late }
        return saturatingAdd(local, -before)
    }
}
