/// `stoch(k_period, k_smooth, d_period)`: the slow stochastic oscillator; TA-Lib's STOCH with simple
/// moving averages for both smoothings (lookback `k_period - 1 + k_smooth - 1 + d_period - 1`).
///
/// Fast %K is `((close - lowest) / (highest - lowest)) * 100` over the last `k_period` bars, and 0 when
/// that range is flat against the two extremes' magnitude. Output 0 (`k`) is the `k_smooth`-bar mean of
/// fast %K; output 1 (`d`) is the `d_period`-bar mean of that.
public final class StochasticOscillator: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 2
    private var window: PriceRangeWindow
    private let slowK: TrailingMean
    private let slowD: TrailingMean

    /// A stochastic oscillator; every period is at least 1.
    public init(kPeriod: Int, kSmoothing: Int, dPeriod: Int) {
        precondition(kPeriod >= 1 && kSmoothing >= 1 && dPeriod >= 1, "stoch periods must be at least 1")
        lookback = (kPeriod - 1) + (kSmoothing - 1) + (dPeriod - 1)
        window = PriceRangeWindow(period: kPeriod)
        slowK = TrailingMean(period: kSmoothing)
        slowD = TrailingMean(period: dPeriod)
    }

    public func update(_ input: IndicatorInput) {
        let bar = input.bar
        window.append(high: bar.high, low: bar.low)
        guard window.isFull else { return }
        let highest = window.highest
        let lowest = window.lowest
        let range = highest - lowest
        // Unlike WILLR, TA-Lib does not clamp fast %K.
        let fastK =
            TALibFlatness.isFlat(range, scale: abs(highest) + abs(lowest))
            ? 0.0 : ((bar.close - lowest) / range) * 100.0
        slowK.append(fastK)
        if slowK.isFull { slowD.append(slowK.mean) }
    }

    public func value(_ index: Int) -> Double {
        switch index {
        case 0: slowD.isFull ? slowK.mean : .nan
        default: slowD.isFull ? slowD.mean : .nan
        }
    }
}

/// The mean of the last `period` values with a running total, in TA-Lib's SMA order: add the newest,
/// take the mean, then drop the oldest.
private final class TrailingMean {
    private let window: RingBuffer
    private var total = 0.0
    private(set) var mean = Double.nan

    init(period: Int) { window = RingBuffer(capacity: period) }

    var isFull: Bool { window.isFull }

    func append(_ value: Double) {
        // The slot about to be overwritten is the oldest value, which TA-Lib drops after its mean.
        if window.isFull { total -= window[age: window.capacity - 1] }
        total += value
        window.append(value)
        if window.isFull { mean = total / Double(window.capacity) }
    }
}
