/// The highest high and lowest low of the last `period` bars, as `stoch` and `willr` read them.
///
/// Each extreme is a monotonic deque: a bar's value is dropped from the back once a newer bar beats it
/// (it can never be the extreme again) and from the front once it leaves the window. Every value is
/// pushed and popped at most once, so an update is O(1) amortised; storage grows with the bars held,
/// to at most `period` entries per deque (a long period over a few bars costs a few bars).
struct PriceRangeWindow {
    private var highs: ExtremeDeque
    private var lows: ExtremeDeque
    /// Bars appended so far.
    private(set) var barCount = 0
    let period: Int

    init(period: Int) {
        precondition(period >= 1, "a price range window needs at least one bar, not \(period)")
        self.period = period
        highs = ExtremeDeque(capacity: period, keepsLarger: true)
        lows = ExtremeDeque(capacity: period, keepsLarger: false)
    }

    /// True once `period` bars have been appended.
    var isFull: Bool { barCount >= period }
    /// The highest high of the bars in the window.
    var highest: Double { highs.extreme }
    /// The lowest low of the bars in the window.
    var lowest: Double { lows.extreme }

    mutating func append(high: Double, low: Double) {
        let oldestKept = barCount - period + 1
        highs.push(high, position: barCount, oldestKept: oldestKept)
        lows.push(low, position: barCount, oldestKept: oldestKept)
        barCount += 1
    }
}

/// A double-ended queue of (position, value) in a ring, values monotonic from front to back, so the
/// front is the window's extreme. The ring doubles when full, up to `capacity`.
private struct ExtremeDeque {
    private var values: ContiguousArray<Double>
    private var positions: ContiguousArray<Int>
    private var front = 0
    private var count = 0
    private let keepsLarger: Bool
    private let limit: Int

    init(capacity: Int, keepsLarger: Bool) {
        limit = capacity
        values = ContiguousArray(repeating: 0, count: min(capacity, 16))
        positions = ContiguousArray(repeating: 0, count: min(capacity, 16))
        self.keepsLarger = keepsLarger
    }

    /// Moves the entries, front first, into a ring twice as large (at most `limit`).
    private mutating func grow() {
        let larger = min(limit, values.count * 2)
        var movedValues = ContiguousArray<Double>(repeating: 0, count: larger)
        var movedPositions = ContiguousArray<Int>(repeating: 0, count: larger)
        for offset in 0..<count {
            let index = (front + offset) % values.count
            movedValues[offset] = values[index]
            movedPositions[offset] = positions[index]
        }
        values = movedValues
        positions = movedPositions
        front = 0
    }

    var extreme: Double { count == 0 ? .nan : values[front] }

    mutating func push(_ value: Double, position: Int, oldestKept: Int) {
        var capacity = values.count
        // Expire first: the survivors are then at most capacity - 1 bars, leaving room for the new one.
        while count > 0, positions[front] < oldestKept {
            front = front + 1 == capacity ? 0 : front + 1
            count -= 1
        }
        while count > 0 {
            var back = front + count - 1
            if back >= capacity { back -= capacity }
            let dominated = keepsLarger ? values[back] <= value : values[back] >= value
            guard dominated else { break }
            count -= 1
        }
        if count == capacity, capacity < limit {
            grow()
            capacity = values.count
        }
        var slot = front + count
        if slot >= capacity { slot -= capacity }
        values[slot] = value
        positions[slot] = position
        count += 1
    }
}
