import RunnerTesting
import Testing

@testable import RunnerIndicators

/// Windows hold memory for the values they have seen, not for their period: a period of 100,000 over a
/// symbol with three bars costs three bars. Growing must never change what a window answers.
@Suite struct WindowMemoryTests {
    @Test(arguments: [1, 2, 16, 17, 100_000])
    func aRingBufferAllocatesForWhatItHolds(capacity: Int) {
        let buffer = RingBuffer(capacity: capacity)
        #expect(buffer.allocated <= 16)
        for value in 0..<40 { buffer.append(Double(value)) }
        #expect(buffer.allocated <= max(64, min(capacity, 64)))
        #expect(buffer.allocated <= capacity)
        #expect(buffer.count == min(40, capacity))
    }

    @Test(arguments: [1, 2, 3, 15, 16, 17, 31, 33, 100, 1_000])
    func aGrowingRingBufferAnswersLikeAPlainWindow(capacity: Int) {
        var random = SplitMix64(seed: UInt64(capacity))
        let buffer = RingBuffer(capacity: capacity)
        var plain: [Double] = []
        for _ in 0..<(3 * capacity + 50) {
            let value = Double(random.next() % 1_000)
            let evicted = buffer.append(value)
            plain.append(value)
            #expect(evicted == (plain.count > capacity ? plain.removeFirst() : nil))
            #expect(buffer.oldestFirst == plain)
            #expect(buffer[age: 0] == value)
            #expect(buffer[age: plain.count - 1] == plain[0])
        }
    }

    @Test(arguments: [1, 2, 5, 16, 17, 40, 200])
    func growingExtremeWindowsAnswerLikeAPlainWindow(period: Int) {
        var random = SplitMix64(seed: UInt64(period) &* 7)
        var highest = MonotonicWindow(period: period, extreme: .highest)
        var lowest = MonotonicWindow(period: period, extreme: .lowest)
        var range = PriceRangeWindow(period: period)
        var values: [Double] = []
        for _ in 0..<(4 * period + 64) {
            // Runs up and down so the deques fill to the period, then wrap.
            let value = Double(random.next() % 100) + (values.count / period % 2 == 0 ? Double(values.count) : -Double(values.count))
            values.append(value)
            highest.append(value)
            lowest.append(value)
            range.append(high: value + 1, low: value - 1)
            let window = values.suffix(period)
            #expect(highest.current == window.max())
            #expect(lowest.current == window.min())
            #expect(range.highest == window.max()! + 1)
            #expect(range.lowest == window.min()! - 1)
        }
    }
}
