/// `roc(series, period)`: TA-Lib's ROC, `(value / value period bars ago - 1) * 100`, and 0 when the old
/// value is 0 (lookback `period`).
public final class RateOfChange: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let window: RingBuffer
    private var current = Double.nan

    /// The change, in percent, over `period` bars (at least 1).
    public init(period: Int) {
        lookback = period
        window = RingBuffer(capacity: period)
    }

    public func update(_ input: IndicatorInput) {
        guard let old = window.append(input.first) else { return }
        current = old != 0 ? ((input.first / old) - 1.0) * 100.0 : 0
    }

    public func value(_ index: Int) -> Double { current }
}
