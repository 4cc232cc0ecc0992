/// `mom(series, period)`: TA-Lib's MOM, the value minus the value `period` bars ago (lookback `period`).
public final class Momentum: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let window: RingBuffer
    private var current = Double.nan

    /// The change over `period` bars (at least 1).
    public init(period: Int) {
        lookback = period
        window = RingBuffer(capacity: period)
    }

    public func update(_ input: IndicatorInput) {
        guard let old = window.append(input.first) else { return }
        current = input.first - old
    }

    public func value(_ index: Int) -> Double { current }
}
