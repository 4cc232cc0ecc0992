/// `adx(period)`: Wilder's average directional index, trend strength from 0 to 100; TA-Lib's ADX
/// (lookback `2 * period - 1`).
///
/// Each bar after the first gives a +DM or a -DM (whichever of the up-move and down-move is larger
/// and positive; neither on a tie) and a true range. Their Wilder sums start as the plain sum of the
/// first `period - 1` bars and from then on lose `1/period` of themselves before adding the bar's
/// value. From the `period`-th bar on, DX = `100 * |-DI - +DI| / (-DI + +DI)`; the first ADX is the
/// mean of the first `period` DX values and later ones are `(previous * (period - 1) + DX) / period`.
/// A bar whose true-range sum or DI sum is zero has no DX: it adds nothing to the first mean and leaves
/// the ADX where it was afterwards.
public final class AverageDirectionalIndex: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let period: Int
    private var previous: BarFields?
    private var movesSeen = 0
    private var plusMovement = 0.0
    private var minusMovement = 0.0
    private var trueRangeSum = 0.0
    private var directionalSum = 0.0
    private var average = Double.nan

    /// An average directional index over `period` bars (at least 2, as TA-Lib requires).
    public init(period: Int) {
        precondition(period >= 2, "adx needs a period of at least 2, not \(period)")
        self.period = period
        lookback = 2 * period - 1
    }

    public func update(_ input: IndicatorInput) {
        let bar = input.bar
        defer { previous = bar }
        guard let previous else { return }
        movesSeen += 1
        let divisor = Double(period)
        let upMove = bar.high - previous.high
        let downMove = previous.low - bar.low
        let trueRange = TrueRange.of(high: bar.high, low: bar.low, previousClose: previous.close)
        if movesSeen >= period {
            minusMovement -= minusMovement / divisor
            plusMovement -= plusMovement / divisor
        }
        if downMove > 0, upMove < downMove {
            minusMovement += downMove
        } else if upMove > 0, upMove > downMove {
            plusMovement += upMove
        }
        if movesSeen < period {
            trueRangeSum += trueRange
            return
        }
        trueRangeSum = trueRangeSum - (trueRangeSum / divisor) + trueRange
        let directionalIndex = currentDirectionalIndex()
        let seedEnd = 2 * period - 1
        if movesSeen < seedEnd {
            directionalSum += directionalIndex ?? 0
        } else if movesSeen == seedEnd {
            average = (directionalSum + (directionalIndex ?? 0)) / divisor
        } else if let directionalIndex {
            average = ((average * Double(period - 1)) + directionalIndex) / divisor
        }
    }

    public func value(_ index: Int) -> Double { average }

    /// DX from the current Wilder sums, or nil when the true-range sum or the DI sum is zero.
    private func currentDirectionalIndex() -> Double? {
        guard trueRangeSum > 0 else { return nil }
        let minusIndicator = 100.0 * (minusMovement / trueRangeSum)
        let plusIndicator = 100.0 * (plusMovement / trueRangeSum)
        let indicatorSum = minusIndicator + plusIndicator
        guard indicatorSum > 0 else { return nil }
        return 100.0 * (abs(minusIndicator - plusIndicator) / indicatorSum)
    }
}
