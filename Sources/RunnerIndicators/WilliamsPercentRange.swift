/// `willr(period)`: Williams %R, where the close sits in the range of the last `period` bars, from
/// -100 (at the lowest low) to 0 (at the highest high); TA-Lib's WILLR (lookback `period - 1`).
///
/// `((highest - close) / (highest - lowest)) * -100`, clamped to [-100, 0] (a close outside its own
/// bar could leave it), and 0 when the range is flat against the two extremes' magnitude.
public final class WilliamsPercentRange: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private var window: PriceRangeWindow
    private var current = Double.nan

    /// A Williams %R over `period` bars (at least 2, as TA-Lib requires).
    public init(period: Int) {
        precondition(period >= 2, "willr needs a period of at least 2, not \(period)")
        lookback = period - 1
        window = PriceRangeWindow(period: period)
    }

    public func update(_ input: IndicatorInput) {
        let bar = input.bar
        window.append(high: bar.high, low: bar.low)
        guard window.isFull else { return }
        let highest = window.highest
        let lowest = window.lowest
        let range = highest - lowest
        if TALibFlatness.isFlat(range, scale: abs(highest) + abs(lowest)) {
            current = 0.0
        } else {
            current = min(max(((highest - bar.close) / range) * -100.0, -100.0), 0.0)
        }
    }

    public func value(_ index: Int) -> Double { current }
}
