/// `mfi(period)`: the money flow index, 0 to 100; TA-Lib's MFI (lookback `period`).
///
/// Each bar after the first carries a money flow, its typical price `(high + low + close) / 3` times
/// its volume, counted as positive when the typical price rose from the previous bar's and negative
/// when it fell. A move that is flat against the two typical prices' magnitude counts as no flow. The
/// index is `100 * positive / (positive + negative)` over the last `period` flows, and 0 for a window
/// with no flow at all.
public final class MoneyFlowIndex: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private let period: Int
    private var positiveFlows: ContiguousArray<Double>
    private var negativeFlows: ContiguousArray<Double>
    private var nextSlot = 0
    private var flowsSeen = 0
    private var positiveTotal = 0.0
    private var negativeTotal = 0.0
    // Bars in a row that added no flow; after a whole window of them the totals are known to be zero
    // and are reset, as TA-Lib does, so add-then-subtract residue cannot survive an empty window.
    private var emptyRun = 0
    private var previousTypical = Double.nan
    private var current = Double.nan

    /// A money flow index over `period` bars (at least 2, as TA-Lib requires).
    public init(period: Int) {
        precondition(period >= 2, "mfi needs a period of at least 2, not \(period)")
        self.period = period
        lookback = period
        // Appended until `period` flows are held, so memory follows the bars seen.
        positiveFlows = []
        negativeFlows = []
    }

    public func update(_ input: IndicatorInput) {
        let bar = input.bar
        let typical = (bar.high + bar.low + bar.close) / 3.0
        defer { previousTypical = typical }
        guard !previousTypical.isNaN else { return }
        if flowsSeen >= period {
            positiveTotal -= positiveFlows[nextSlot]
            negativeTotal -= negativeFlows[nextSlot]
        }
        let change = typical - previousTypical
        let isFlat = TALibFlatness.isFlat(change, scale: abs(typical) + abs(previousTypical))
        let flow = isFlat ? 0.0 : typical * bar.volume
        let positive = change < 0 ? 0.0 : flow
        let negative = change < 0 ? flow : 0.0
        if positiveFlows.count < period {
            positiveFlows.append(positive)
            negativeFlows.append(negative)
        } else {
            positiveFlows[nextSlot] = positive
            negativeFlows[nextSlot] = negative
        }
        positiveTotal += positive
        negativeTotal += negative
        emptyRun = flow == 0 ? emptyRun + 1 : 0
        if emptyRun >= period {
            emptyRun = period
            positiveTotal = 0.0
            negativeTotal = 0.0
        }
        nextSlot = nextSlot + 1 == period ? 0 : nextSlot + 1
        flowsSeen += 1
        guard flowsSeen >= period else { return }
        let total = positiveTotal + negativeTotal
        // The running totals drift by a few ulp, so the positive share is clamped into [0, total].
        let positiveShare = positiveTotal < 0 ? 0.0 : min(positiveTotal, total)
        current = total <= 0 ? 0.0 : 100.0 * (positiveShare / total)
    }

    public func value(_ index: Int) -> Double { current }
}
