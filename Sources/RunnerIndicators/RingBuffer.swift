/// A fixed-capacity window over the most recent values; `append` overwrites the oldest once full.
///
/// A class over memory it manages itself: holders keep it in a `let`, so the per-bar path has no
/// copy-on-write check and no exclusivity check (a value type stored in a class property pays for both
/// on every mutation, several times an indicator's own arithmetic). Memory follows the values held: it
/// starts small and doubles until it reaches `capacity`, so a long period over a short series (a
/// symbol with a few bars) costs what the series holds, not what the period could.
public final class RingBuffer {
    private var values: UnsafeMutablePointer<Double>
    /// How many values it can hold.
    public let capacity: Int
    /// How many values the memory allocated so far has room for (at most `capacity`).
    private(set) var allocated: Int
    private var head = 0
    /// How many values are held (at most `capacity`).
    public private(set) var count = 0

    /// The room allocated before the first append.
    static let initialAllocation = 16

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        allocated = min(self.capacity, Self.initialAllocation)
        values = .allocate(capacity: allocated)
        values.initialize(repeating: 0, count: allocated)
    }

    deinit { values.deallocate() }

    /// Doubles the room (up to `capacity`); called only while the buffer has not wrapped, so the values
    /// held are the first `count` slots in order.
    private func grow() {
        let larger = count > capacity / 2 ? capacity : count * 2
        let moved = UnsafeMutablePointer<Double>.allocate(capacity: larger)
        moved.moveInitialize(from: values, count: count)
        (moved + count).initialize(repeating: 0, count: larger - count)
        values.deallocate()
        values = moved
        allocated = larger
    }

    public var isFull: Bool { count == capacity }

    /// Adds `value`; returns the value it pushed out (when full), else nil.
    @inline(__always) @discardableResult
    public func append(_ value: Double) -> Double? {
        if count == allocated, count < capacity { grow() }
        let slot = values + head
        let evicted: Double? = count == capacity ? slot.pointee : nil
        slot.pointee = value
        head = head + 1 == capacity ? 0 : head + 1
        if count < capacity { count += 1 }
        return evicted
    }

    /// The values held, oldest first: two block copies instead of a subscript per value.
    public var oldestFirst: [Double] {
        let start = count < capacity ? 0 : head
        let firstPart = min(count, capacity - start)
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.baseAddress!.initialize(from: values + start, count: firstPart)
            (buffer.baseAddress! + firstPart).initialize(from: values, count: count - firstPart)
            initialized = count
        }
    }

    /// The value `age` appends ago: 0 is the newest, `count - 1` the oldest.
    public subscript(age age: Int) -> Double {
        precondition(age >= 0 && age < count, "age \(age) outside 0..<\(count)")
        var index = head - 1 - age
        if index < 0 { index += capacity }
        return values[index]
    }
}
