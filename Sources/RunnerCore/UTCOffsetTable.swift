import Foundation

/// A time zone's offsets from UTC between 1900 and 2200, as the instants its offset changes: built once from
/// Foundation's transitions, then read by binary search, so a lookup builds no `Calendar` and asks
/// Foundation nothing. Outside those years Foundation is asked on each lookup (slower, still right).
struct UTCOffsetTable: Sendable {
    /// 1900-01-01T00:00:00Z, in milliseconds since the epoch.
    static let firstInstant: Int64 = -2_208_988_800_000
    /// 2200-01-01T00:00:00Z, in milliseconds since the epoch.
    static let endInstant: Int64 = 7_258_118_400_000

    let timeZone: TimeZone
    /// Ascending instants (milliseconds since the epoch) from which ``offsets`` apply; the first is
    /// ``firstInstant``.
    private let starts: [Int64]
    /// The offset in milliseconds in force from the instant at the same index until the next.
    private let offsets: [Int64]

    init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
        var starts = [Self.firstInstant]
        var offsets = [Self.offsetFromFoundation(timeZone, at: Self.firstInstant)]
        var date = Date(timeIntervalSince1970: Double(Self.firstInstant) / 1000)
        let end = Date(timeIntervalSince1970: Double(Self.endInstant) / 1000)
        while let next = timeZone.nextDaylightSavingTimeTransition(after: date), next < end, next > date {
            let instant = Int64((next.timeIntervalSince1970 * 1000).rounded())
            let offset = Self.offsetFromFoundation(timeZone, at: instant)
            // Foundation also reports changes of the DST flag alone; only changes of the offset matter here.
            if offset != offsets[offsets.count - 1] {
                starts.append(instant)
                offsets.append(offset)
            }
            date = next
        }
        self.starts = starts
        self.offsets = offsets
    }

    /// The zone's offset from UTC at `timestamp` (milliseconds since the epoch), in milliseconds.
    func offset(at timestamp: Int64) -> Int64 {
        guard timestamp >= Self.firstInstant, timestamp < Self.endInstant else {
            return Self.offsetFromFoundation(timeZone, at: timestamp)
        }
        // The last start at or before the timestamp.
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= timestamp { low = middle } else { high = middle - 1 }
        }
        return offsets[low]
    }

    static func offsetFromFoundation(_ timeZone: TimeZone, at timestamp: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(timestamp) / 1000))) * 1000
    }
}
