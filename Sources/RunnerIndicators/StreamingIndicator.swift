/// One live instance of an indicator: fed one bar at a time with O(1) work and memory bounded by
/// its window.
///
/// Instances are classes so the evaluation plan can hold them as `any StreamingIndicator` references:
/// calling through one is a witness-table call, with no boxing or copying per bar.
///
/// Values follow TA-Lib's conventions: output `i` is NaN until `lookback` bars have been consumed,
/// then matches TA-Lib's value at the same index.
public protocol StreamingIndicator: AnyObject {
    /// Bars consumed before the first valid output, as TA-Lib counts it (its "lookback").
    var lookback: Int { get }
    /// How many outputs `value(_:)` serves: 1, or the fields of a multi-output indicator in signature order.
    var outputCount: Int { get }
    /// Consumes one bar: the values of the series arguments and the bar's own fields.
    func update(_ input: IndicatorInput)
    /// The latest value of output `index` (NaN during warm-up).
    func value(_ index: Int) -> Double

    /// Feeds a whole series and writes output `output` after each input: the batch form, for
    /// backtests and benchmarks. Same results as calling ``update(_:)`` and ``value(_:)`` per input.
    func run(_ inputs: UnsafeBufferPointer<IndicatorInput>, output: Int, into results: UnsafeMutableBufferPointer<Double>)
}

extension StreamingIndicator {
    // The default is generic over `Self`, so each conforming class gets a loop that calls its own
    // `update` directly (no dynamic dispatch per element) when the optimiser specialises the witness.
    public func run(
        _ inputs: UnsafeBufferPointer<IndicatorInput>, output: Int, into results: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(results.count >= inputs.count, "the results buffer is shorter than the inputs")
        for index in inputs.indices {
            update(inputs[index])
            results[index] = value(output)
        }
    }
}

/// What an indicator sees of one bar.
public struct IndicatorInput: Sendable {
    /// The first series argument's value this bar (`close` in `ema(close, 12)`); NaN when the indicator
    /// takes no series.
    public var first: Double
    /// The second series argument's value (`correlation(a, b, n)`); NaN otherwise.
    public var second: Double
    /// The bar's own fields, for indicators that read them implicitly (`atr`, `obv`, `vwap`).
    public var bar: BarFields

    public init(first: Double = .nan, second: Double = .nan, bar: BarFields) {
        self.first = first
        self.second = second
        self.bar = bar
    }
}

/// Open, high, low, close, volume and the bar's time.
public struct BarFields: Sendable, Hashable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var timestamp: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(timestamp: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.timestamp = timestamp
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}
