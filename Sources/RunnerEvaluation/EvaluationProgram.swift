import RunnerIndicators

/// A compiled set of expressions: the instructions to run once per bar, in dependency order, with every
/// shared sub-expression computed once (`ema(close, 12)` used by two rules is one indicator).
///
/// The program is immutable and shared; each symbol gets its own ``EvaluationState``.
public struct EvaluationProgram: Sendable {
    /// An indicator instance the program needs: how to make it, per state.
    struct IndicatorSlot: Sendable {
        var descriptor: IndicatorDescriptor
        var parameters: [Double]
    }

    var instructions: [Instruction]
    var slotCount: Int
    var indicators: [IndicatorSlot]
    /// Capacity of each history (the largest look-back read from it, plus one).
    var historyCapacities: [Int]
    /// Slot of each compiled root expression, by the name it was compiled under.
    public private(set) var outputs: [String: Int]
    /// Bars a state must consume before every root can have a value (TA-Lib lookbacks plus look-back
    /// offsets, chained through the expressions).
    public private(set) var warmUpBars: Int

    init(
        instructions: [Instruction], slotCount: Int, indicators: [IndicatorSlot], historyCapacities: [Int],
        outputs: [String: Int], warmUpBars: Int
    ) {
        self.instructions = instructions
        self.slotCount = slotCount
        self.indicators = indicators
        self.historyCapacities = historyCapacities
        self.outputs = outputs
        self.warmUpBars = warmUpBars
    }

    /// How many indicator instances a state holds (shared sub-expressions counted once).
    public var indicatorCount: Int { indicators.count }

    /// A fresh state for one symbol.
    public func makeState() -> EvaluationState { EvaluationState(program: self) }
}
