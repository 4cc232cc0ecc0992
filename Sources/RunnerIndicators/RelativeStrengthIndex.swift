/// `rsi(series, period)`: Wilder's relative strength index, 0 to 100; TA-Lib's RSI (lookback `period`,
/// TA-Lib's default of no extra unstable period and classic rather than Metastock seeding).
///
/// The first average gain and loss are the plain means of the first `period` changes; after that each
/// is smoothed as `(previous * (period - 1) + change) / period`. The index is
/// `100 * gain / (gain + loss)`, and 0 when nothing moved at all (gain and loss both exactly zero).
///
/// Leading NaN inputs (an inner indicator still warming up) are skipped, as TA-Lib's Python wrapper
/// starts at the first non-NaN value.
public final class RelativeStrengthIndex: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let period: Int
    private var previousValue = Double.nan
    private var changesSeen = 0
    private var averageGain = 0.0
    private var averageLoss = 0.0
    private var current = Double.nan

    /// A relative strength index over `period` changes (at least 2, as TA-Lib requires).
    public init(period: Int) {
        precondition(period >= 2, "rsi needs a period of at least 2, not \(period)")
        self.period = period
        lookback = period
    }

    public func update(_ input: IndicatorInput) {
        let value = input.first
        guard !previousValue.isNaN else {
            previousValue = value
            return
        }
        let change = value - previousValue
        previousValue = value
        changesSeen += 1
        let divisor = Double(period)
        if changesSeen <= period {
            if change < 0 { averageLoss -= change } else { averageGain += change }
            guard changesSeen == period else { return }
            averageLoss /= divisor
            averageGain /= divisor
        } else {
            // The operation order is TA-Lib's: scale, add today's move, divide.
            averageLoss *= Double(period - 1)
            averageGain *= Double(period - 1)
            if change < 0 { averageLoss -= change } else { averageGain += change }
            averageLoss /= divisor
            averageGain /= divisor
        }
        let total = averageGain + averageLoss
        current = total > 0 ? 100.0 * (averageGain / total) : 0.0
    }

    public func value(_ index: Int) -> Double { current }
}
