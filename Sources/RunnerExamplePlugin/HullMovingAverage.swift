import RunnerIndicators

/// `hma(series, period)`: Alan Hull's moving average, WMA(2 x WMA(x, n/2) - WMA(x, n), floor(sqrt(n))).
/// Smooth like a long average, quick like a short one. Built from the standard WMA, so it streams in
/// O(1) per bar like every other indicator.
public final class HullMovingAverage: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let half: WeightedMovingAverage
    private let full: WeightedMovingAverage
    private let smoothing: WeightedMovingAverage

    public init(period: Int) {
        let root = max(1, Int(Double(period).squareRoot()))
        half = WeightedMovingAverage(period: max(1, period / 2))
        full = WeightedMovingAverage(period: period)
        smoothing = WeightedMovingAverage(period: root)
        lookback = (period - 1) + (root - 1)
    }

    public func update(_ input: IndicatorInput) {
        half.update(input)
        full.update(input)
        let raw = 2 * half.value(0) - full.value(0)
        // The smoothing average starts once the full-length average has its first value.
        guard raw.isFinite else { return }
        smoothing.update(IndicatorInput(first: raw, bar: input.bar))
    }

    public func value(_ index: Int) -> Double { smoothing.value(0) }
}
