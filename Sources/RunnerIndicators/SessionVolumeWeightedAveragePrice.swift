/// `vwap()`: the session's volume-weighted average typical price `(high + low + close) / 3`, from the
/// first bar of the bar's UTC day; NaN while the session has traded no volume. TA-Lib has no VWAP;
/// this matches the numpy oracle in `scripts/talib_golden.py`.
public final class SessionVolumeWeightedAveragePrice: StreamingIndicator {
    public let lookback = 0
    public let outputCount = 1
    private static let millisecondsPerDay: Int64 = 86_400_000
    private var session: Int64?
    private var priceVolumeTotal = 0.0
    private var volumeTotal = 0.0

    /// A VWAP that resets at each UTC midnight.
    public init() {}

    public func update(_ input: IndicatorInput) {
        let bar = input.bar
        let day = Self.utcDay(of: bar.timestamp)
        if day != session {
            session = day
            priceVolumeTotal = 0.0
            volumeTotal = 0.0
        }
        let typical = (bar.high + bar.low + bar.close) / 3.0
        priceVolumeTotal += typical * bar.volume
        volumeTotal += bar.volume
    }

    public func value(_ index: Int) -> Double {
        volumeTotal == 0 ? .nan : priceVolumeTotal / volumeTotal
    }

    /// Days since 1970-01-01 UTC, rounding down so times before the epoch fall on their own day.
    static func utcDay(of timestamp: Int64) -> Int64 {
        let (quotient, remainder) = timestamp.quotientAndRemainder(dividingBy: millisecondsPerDay)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
