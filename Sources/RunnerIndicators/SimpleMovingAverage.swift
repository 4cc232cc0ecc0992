/// `sma(series, period)`: the mean of the last `period` values; TA-Lib's SMA (lookback `period - 1`).
public final class SimpleMovingAverage: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let window: RingBuffer
    private var sum = 0.0
    private var current = Double.nan

    public init(period: Int) {
        lookback = period - 1
        window = RingBuffer(capacity: period)
    }

    public func update(_ input: IndicatorInput) {
        // TA-Lib's order, for bit-equal results: it drops the oldest value right after each output;
        // dropping it just before the next addition is the same arithmetic in the same order.
        if let evicted = window.append(input.first) { sum -= evicted }
        sum += input.first
        if window.isFull { current = sum / Double(window.capacity) }
    }

    public func value(_ index: Int) -> Double { current }
}
