/// `wma(series, period)`: TA-Lib's WMA, the average of the last `period` values weighted 1 for the
/// oldest up to `period` for the newest (lookback `period - 1`).
///
/// O(1) per value with TA-Lib's two running sums: the weighted sum, and the plain sum that the weighted
/// sum loses when every weight drops by one as the window slides.
public final class WeightedMovingAverage: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let weightTotal: Double
    private var window: RingBuffer
    private var weightedSum = 0.0
    private var plainSum = 0.0
    private var current = Double.nan

    public init(period: Int) {
        lookback = period - 1
        weightTotal = Double(period * (period + 1) / 2)
        window = RingBuffer(capacity: period)
    }

    public func update(_ input: IndicatorInput) {
        let value = input.first
        let evicted = window.append(value)
        plainSum += value
        if let evicted { plainSum -= evicted }
        // The newest value takes the next weight: its position while filling, then `period`.
        weightedSum += value * Double(window.count)
        guard window.isFull else { return }
        current = weightedSum / weightTotal
        weightedSum -= plainSum
    }

    public func value(_ index: Int) -> Double { current }
}
