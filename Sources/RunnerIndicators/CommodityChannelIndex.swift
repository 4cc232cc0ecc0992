/// `cci(period)`: the commodity channel index of the typical price `(high + low + close) / 3`;
/// TA-Lib's CCI (lookback `period - 1`).
///
/// `(typical - mean) / (0.015 * meanDeviation)` over the last `period` typical prices, and 0 when
/// either the distance from the mean or the mean deviation is flat against the mean's magnitude.
public final class CommodityChannelIndex: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let period: Int
    // Slots are written in bar order modulo `period` and summed from slot 0, exactly as TA-Lib's
    // circular buffer, so the mean carries the same rounding and the flatness tests agree with it. The
    // first `period` prices are appended, so memory follows the bars seen.
    private var typicalPrices: ContiguousArray<Double>
    private var nextSlot = 0
    private var barCount = 0
    private var current = Double.nan

    /// A commodity channel index over `period` bars (at least 2, as TA-Lib requires).
    public init(period: Int) {
        precondition(period >= 2, "cci needs a period of at least 2, not \(period)")
        self.period = period
        lookback = period - 1
        typicalPrices = []
    }

    public func update(_ input: IndicatorInput) {
        let bar = input.bar
        let typical = (bar.high + bar.low + bar.close) / 3
        if typicalPrices.count < period { typicalPrices.append(typical) } else { typicalPrices[nextSlot] = typical }
        nextSlot = nextSlot + 1 == period ? 0 : nextSlot + 1
        barCount += 1
        guard barCount >= period else { return }
        let divisor = Double(period)
        // The mean absolute deviation has to be recomputed from every price in the window (it depends
        // on the current mean, so no running sum can carry it): O(period) per bar, unlike the other
        // indicators, and the mean is summed in the same pass order for TA-Lib's exact rounding.
        var mean = 0.0
        for price in typicalPrices { mean += price }
        mean /= divisor
        var meanDeviation = 0.0
        for price in typicalPrices { meanDeviation += abs(price - mean) }
        meanDeviation /= divisor
        let distance = typical - mean
        let scale = abs(mean)
        if TALibFlatness.isFlat(distance, scale: scale) || TALibFlatness.isFlat(meanDeviation, scale: scale) {
            current = 0.0
        } else {
            current = distance / (0.015 * meanDeviation)
        }
    }

    public func value(_ index: Int) -> Double { current }
}
