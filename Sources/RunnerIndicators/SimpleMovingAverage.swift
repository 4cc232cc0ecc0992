/// `sma(series, period)`: the mean of the last `period` values; TA-Lib's SMA (lookback `period - 1`).
public final class SimpleMovingAverage: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private var window: RingBuffer
    private var sum = 0.0
    private var current = Double.nan

    public init(period: Int) {
        lookback = period - 1
        window = RingBuffer(capacity: period)
    }

    public func update(_ input: IndicatorInput) {
        // TA-Lib's order, for bit-equal results: add the newest, divide, then drop the oldest, so
        // `sum` holds the last `period - 1` values between bars.
        sum += input.first
        window.append(input.first)
        guard window.isFull else { return }
        current = sum / Double(window.capacity)
        sum -= window[age: window.capacity - 1]
    }

    public func value(_ index: Int) -> Double { current }
}
