/// `highest(series, period)` and `lowest(series, period)`: TA-Lib's MAX and MIN, the largest or smallest
/// of the last `period` values (lookback `period - 1`).
public final class WindowExtreme: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private var window: MonotonicWindow
    private var current = Double.nan

    /// An indicator tracking the `extreme` of the last `period` values.
    init(period: Int, extreme: MonotonicWindow.Extreme) {
        lookback = period - 1
        window = MonotonicWindow(period: period, extreme: extreme)
    }

    /// `highest(series, period)`.
    public static func highest(period: Int) -> WindowExtreme { WindowExtreme(period: period, extreme: .highest) }

    /// `lowest(series, period)`.
    public static func lowest(period: Int) -> WindowExtreme { WindowExtreme(period: period, extreme: .lowest) }

    public func update(_ input: IndicatorInput) {
        window.append(input.first)
        current = window.isFull ? window.current : .nan
    }

    public func value(_ index: Int) -> Double { current }
}
