/// A fixed-capacity window over the most recent values; `append` overwrites the oldest once full.
/// Storage is allocated once, so updating never allocates.
public struct RingBuffer: Sendable {
    private var storage: ContiguousArray<Double>
    private var head = 0
    /// How many values are held (at most `capacity`).
    public private(set) var count = 0

    public init(capacity: Int) {
        storage = ContiguousArray(repeating: 0, count: max(1, capacity))
    }

    public var capacity: Int { storage.count }
    public var isFull: Bool { count == storage.count }

    /// Adds `value`; returns the value it pushed out (when full), else nil.
    @discardableResult
    public mutating func append(_ value: Double) -> Double? {
        let evicted: Double? = isFull ? storage[head] : nil
        storage[head] = value
        head += 1
        if head == storage.count { head = 0 }
        if count < storage.count { count += 1 }
        return evicted
    }

    /// The value `age` appends ago: 0 is the newest, `count - 1` the oldest.
    public subscript(age age: Int) -> Double {
        precondition(age >= 0 && age < count, "age \(age) outside 0..<\(count)")
        var index = head - 1 - age
        if index < 0 { index += storage.count }
        return storage[index]
    }
}
