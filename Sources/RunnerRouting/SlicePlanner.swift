/// How a parent order's quantity is cut into timed slices. Pure functions: quantities always add up to
/// the parent's exactly.
public enum SlicePlanner {
    /// One slice: its offset from the parent's start (milliseconds) and its shares.
    public struct Slice: Sendable, Hashable {
        public var offset: Int64
        public var quantity: Int64
    }

    /// TWAP: equal slices, one every `interval` over `horizon`; the remainder goes one share each to
    /// the first slices. Fewer slices when there are fewer shares than intervals.
    public static func twap(quantity: Int64, horizon: Int64, interval: Int64) -> [Slice] {
        guard quantity > 0 else { return [] }
        let count = max(1, min(Int64(horizon / max(1, interval)), quantity))
        let base = quantity / count
        let remainder = quantity % count
        return (0..<count).map { index in
            Slice(offset: index * interval, quantity: base + (index < remainder ? 1 : 0))
        }
    }

    /// The slices with every one at or after `end` (milliseconds from the start) folded into the last
    /// one before it, so the order is all out before `end`; quantities still add up.
    public static func endingBefore(_ end: Int64, _ slices: [Slice]) -> [Slice] {
        var kept = slices.filter { $0.offset < end }
        let late = slices.filter { $0.offset >= end }.reduce(Int64(0)) { $0 + $1.quantity }
        guard late > 0 else { return slices }
        if kept.isEmpty { return [Slice(offset: 0, quantity: late)] }
        kept[kept.count - 1].quantity += late
        return kept
    }

    /// VWAP: slices in proportion to the expected volume of each interval (`profile`, one entry per child
    /// interval of the horizon), each capped at `participation` of that volume. What the caps hold back
    /// moves to later intervals; if the horizon ends first, the order keeps working past it at the last
    /// interval's cap (at least one share a slice), so it always completes.
    public static func vwap(quantity: Int64, profile: [Double], interval: Int64, participation: Double) -> [Slice] {
        guard quantity > 0 else { return [] }
        let weights = profile.map { $0.isFinite && $0 > 0 ? $0 : 0 }
        let total = weights.reduce(0, +)
        guard total > 0 else { return [Slice(offset: 0, quantity: quantity)] }
        var slices: [Slice] = []
        var allocated: Int64 = 0
        var cumulative = 0.0
        var lastCap: Int64 = 1
        for (index, weight) in weights.enumerated() {
            cumulative += weight
            // Cumulative rounding keeps the planned total exact.
            let planned = min(quantity, cappedShares((Double(quantity) * cumulative / total).rounded(), at: quantity))
            let cap = max(1, cappedShares(participation * weight, at: quantity))
            lastCap = cap
            let size = min(planned - allocated, cap)
            if size > 0 {
                slices.append(Slice(offset: Int64(index) * interval, quantity: size))
                allocated += size
            }
        }
        var index = Int64(weights.count)
        while allocated < quantity {
            let size = min(quantity - allocated, lastCap)
            slices.append(Slice(offset: index * interval, quantity: size))
            allocated += size
            index += 1
        }
        return slices
    }

    /// Whole shares of `shares` (rounded down), held at `limit`: the volumes behind it come from market data,
    /// and a cap above the parent's quantity changes nothing. NaN and negative sizes are 0.
    static func cappedShares(_ shares: Double, at limit: Int64) -> Int64 {
        let whole = shares.rounded(.down)
        guard whole > 0 else { return 0 }
        guard whole < Double(limit) else { return limit }
        return Int64(exactly: whole) ?? limit
    }
}
