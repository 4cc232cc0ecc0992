/// `obv()`: on-balance volume; TA-Lib's OBV (lookback 0).
///
/// It starts at the first bar's volume (not at zero), then adds each bar's volume when the close rises,
/// subtracts it when the close falls, and carries it unchanged when the close is equal.
public final class OnBalanceVolume: StreamingIndicator {
    public let lookback = 0
    public let outputCount = 1
    private var previousClose = Double.nan
    private var total = Double.nan

    /// An on-balance volume that starts from the first bar it is fed.
    public init() {}

    public func update(_ input: IndicatorInput) {
        let bar = input.bar
        if previousClose.isNaN {
            total = bar.volume
        } else if bar.close > previousClose {
            total += bar.volume
        } else if bar.close < previousClose {
            total -= bar.volume
        }
        previousClose = bar.close
    }

    public func value(_ index: Int) -> Double { total }
}
