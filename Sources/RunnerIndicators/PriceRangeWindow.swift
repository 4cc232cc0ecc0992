/// The highest high and lowest low of the last `period` bars, as `stoch` and `willr` read them.
///
/// Each extreme is a monotonic deque: a bar's value is dropped from the back once a newer bar beats it
/// (it can never be the extreme again) and from the front once it leaves the window. Every value is
/// pushed and popped at most once, so an update is O(1) amortised; storage is allocated once and
/// holds at most `period` entries per deque.
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

/// A double-ended queue of (position, value) in a fixed ring, values monotonic from front to back,
/// so the front is the window's extreme.
private struct ExtremeDeque {
    private var values: ContiguousArray<Double>
    private var positions: ContiguousArray<Int>
    private var front = 0
    private var count = 0
    private let keepsLarger: Bool

    init(capacity: Int, keepsLarger: Bool) {
        values = ContiguousArray(repeating: 0, count: capacity)
        positions = ContiguousArray(repeating: 0, count: capacity)
        self.keepsLarger = keepsLarger
    }

    var extreme: Double { count == 0 ? .nan : values[front] }

    mutating func push(_ value: Double, position: Int, oldestKept: Int) {
        let capacity = values.count
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
        var slot = front + count
        if slot >= capacity { slot -= capacity }
        values[slot] = value
        positions[slot] = position
        count += 1
    }
}
