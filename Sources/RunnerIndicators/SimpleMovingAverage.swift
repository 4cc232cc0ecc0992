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
        sum += input.first
        if let evicted = window.append(input.first) { sum -= evicted }
        current = window.isFull ? sum / Double(window.capacity) : .nan
    }

    public func value(_ index: Int) -> Double { current }
}
