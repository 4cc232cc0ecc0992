import RunnerIndicators

/// A compiled set of expressions: the instructions to run once per bar, in dependency order, with every
/// shared sub-expression computed once (`ema(close, 12)` used by two rules is one indicator).
///
/// Expressions that read a higher timeframe (`close@1h`) add a ``Frame``: instructions run once per
/// completed bar of that timeframe, built from the base bars (see ``EvaluationState``).
///
/// The program is immutable and shared; each symbol gets its own ``EvaluationState``.
public struct EvaluationProgram: Sendable {
    /// An indicator instance the program needs: how to make it, per state.
    struct IndicatorSlot: Sendable {
        var descriptor: IndicatorDescriptor
        var parameters: [Double]
    }

    /// A slot holding a literal, written once when a state is made.
    struct ConstantSlot: Sendable {
        var slot: Int
        var value: Double
    }

    /// A higher timeframe: its bar length and the instructions to run on each of its completed bars.
    struct Frame: Sendable {
        var length: Int64
        var instructions: [Instruction]
    }

    var constants: [ConstantSlot]
    /// The instructions run on every base bar, after the frames' instructions of the same step.
    var instructions: [Instruction]
    var frames: [Frame]
    var slotCount: Int
    var indicators: [IndicatorSlot]
    /// Capacity of each history (the largest look-back read from it, plus one).
    var historyCapacities: [Int]
    /// Slot of each compiled root expression, by the name it was compiled under.
    public private(set) var outputs: [String: Int]
    /// Bars a state must consume before every root can have a value (TA-Lib lookbacks plus look-back
    /// offsets, chained through the expressions), counted in base bars.
    ///
    /// A root reading a higher timeframe counts that timeframe's bars as whole runs of base bars
    /// (`ema(close@1h, 3)` on 5-minute bars: 3 hours, 36 bars), an upper bound that holds for data without
    /// gaps: a gap, or a first hour the data starts in the middle of, completes an hour with fewer bars.
    public private(set) var warmUpBars: Int
    /// The length of a base bar in milliseconds, as given to the compiler; 0 when none was given (then the
    /// program reads no higher timeframe).
    public let baseTimeframe: Int64

    init(
        constants: [ConstantSlot], instructions: [Instruction], frames: [Frame], slotCount: Int,
        indicators: [IndicatorSlot], historyCapacities: [Int], outputs: [String: Int], warmUpBars: Int,
        baseTimeframe: Int64
    ) {
        self.constants = constants
        self.instructions = instructions
        self.frames = frames
        self.slotCount = slotCount
        self.indicators = indicators
        self.historyCapacities = historyCapacities
        self.outputs = outputs
        self.warmUpBars = warmUpBars
        self.baseTimeframe = baseTimeframe
    }

    /// How many indicator instances a state holds (shared sub-expressions counted once).
    public var indicatorCount: Int { indicators.count }

    /// The higher timeframes the program reads with `@`, in milliseconds, in the order first compiled.
    public var higherTimeframes: [Int64] { frames.map(\.length) }

    /// A fresh state for one symbol.
    public func makeState() -> EvaluationState { EvaluationState(program: self) }
}
