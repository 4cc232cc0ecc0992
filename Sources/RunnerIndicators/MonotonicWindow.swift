/// The highest or lowest of the last `period` values in amortised O(1) per value.
///
/// Keeps the candidates, the values not yet beaten by a newer one, in a deque ordered from the
/// extreme down; the deque lives in a ring that doubles when full, up to `period` entries, so memory
/// follows the values held rather than the period.
struct MonotonicWindow: Sendable {
    /// Which end of the window's values to track.
    enum Extreme: Sendable {
        case highest
        case lowest
    }

    private let extreme: Extreme
    private let period: Int
    private var candidates: ContiguousArray<Double>
    /// The position in the series (values appended before it) of each candidate.
    private var positions: ContiguousArray<Int>
    private var front = 0
    private var count = 0
    private var appended = 0

    init(period: Int, extreme: Extreme) {
        self.extreme = extreme
        self.period = max(1, period)
        candidates = ContiguousArray(repeating: 0, count: min(self.period, 16))
        positions = ContiguousArray(repeating: 0, count: min(self.period, 16))
    }

    /// Moves the candidates, front first, into a ring twice as large (at most `period`).
    private mutating func grow() {
        let larger = min(period, candidates.count * 2)
        var movedCandidates = ContiguousArray<Double>(repeating: 0, count: larger)
        var movedPositions = ContiguousArray<Int>(repeating: 0, count: larger)
        for offset in 0..<count {
            let index = (front + offset) % candidates.count
            movedCandidates[offset] = candidates[index]
            movedPositions[offset] = positions[index]
        }
        candidates = movedCandidates
        positions = movedPositions
        front = 0
    }

    /// True once `period` values have been appended.
    var isFull: Bool { appended >= period }

    /// The extreme of the values in the window; NaN before the first append.
    var current: Double { count > 0 ? candidates[front] : .nan }

    mutating func append(_ value: Double) {
        if count > 0, positions[front] <= appended - period {
            front = slot(after: front)
            count -= 1
        }
        while count > 0 {
            let back = (front + count - 1) % candidates.count
            guard beats(value, candidates[back]) else { break }
            count -= 1
        }
        if count == candidates.count, count < period { grow() }
        let newest = (front + count) % candidates.count
        candidates[newest] = value
        positions[newest] = appended
        count += 1
        appended += 1
    }

    /// Whether `value` makes `candidate` (older) irrelevant for every window that holds both.
    private func beats(_ value: Double, _ candidate: Double) -> Bool {
        switch extreme {
        case .highest: value >= candidate
        case .lowest: value <= candidate
        }
    }

    private func slot(after index: Int) -> Int {
        index + 1 == candidates.count ? 0 : index + 1
    }
}
