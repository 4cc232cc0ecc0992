/// `macd(series, fast_period, slow_period, signal_period)`: TA-Lib's MACD. The macd line is the fast
/// EMA minus the slow EMA, the signal line an EMA of the macd line seeded with the mean of its first
/// `signal_period` values, and hist their difference (lookback `(slow - 1) + (signal - 1)`).
///
/// As in TA-Lib, the periods are swapped when `fast_period > slow_period`, and the fast EMA is aligned
/// with the slow one: it is seeded with the mean of the `fast_period` values that end where the slow
/// EMA's seed window ends, not with the first `fast_period` values of the series.
///
/// Outputs, in signature order: macd, signal, hist.
public final class MovingAverageConvergenceDivergence: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 3
    private var fast: ExponentialSmoothing
    private var slow: ExponentialSmoothing
    private var signal: ExponentialSmoothing
    /// Values the fast EMA skips so its seed window ends with the slow one's.
    private var valuesBeforeFastSeed: Int
    private var line = Double.nan
    private var signalLine = Double.nan
    private var histogram = Double.nan

    /// A MACD with the given EMA periods (fast and slow at least 2, swapped when fast > slow; signal at least 1).
    public init(fastPeriod: Int, slowPeriod: Int, signalPeriod: Int) {
        let shorter = min(fastPeriod, slowPeriod)
        let longer = max(fastPeriod, slowPeriod)
        lookback = (longer - 1) + (signalPeriod - 1)
        fast = ExponentialSmoothing(period: shorter)
        slow = ExponentialSmoothing(period: longer)
        signal = ExponentialSmoothing(period: signalPeriod)
        valuesBeforeFastSeed = longer - shorter
    }

    public func update(_ input: IndicatorInput) {
        let slowAverage = slow.update(input.first)
        if valuesBeforeFastSeed > 0 {
            valuesBeforeFastSeed -= 1
            return
        }
        let fastAverage = fast.update(input.first)
        guard !slowAverage.isNaN else { return }
        let difference = fastAverage - slowAverage
        let smoothed = signal.update(difference)
        guard !smoothed.isNaN else { return }
        line = difference
        signalLine = smoothed
        histogram = difference - smoothed
    }

    public func value(_ index: Int) -> Double {
        switch index {
        case 0: line
        case 1: signalLine
        default: histogram
        }
    }
}
