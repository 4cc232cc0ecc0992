import RunnerExpressions

/// Contexts: which bars a slot is computed on.
///
/// Context 0 is the base bars (every ``EvaluationState/step(_:)``); each higher timeframe read with `@` gets
/// its own context, whose instructions run once per completed bar of that timeframe, before the base
/// instructions of the same step. A slot keeps its value between runs of its context, so base instructions
/// reading `close@1h` see the last completed hour. An operation takes the context its operands share
/// (`ema(close@1h, 20)` runs hourly); operands of different contexts make it run on the frame's bars.
extension ProgramBuilder {
    /// The context an operation on `slots` runs in: theirs when they share one (constants share any),
    /// `frame` when they differ or are all constants.
    func joinedContext(_ slots: [Int], frame: Int) -> Int {
        var shared: Int?
        for slot in slots where slotContexts[slot] != Self.constantContext {
            let context = slotContexts[slot]
            if shared == nil {
                shared = context
            } else if shared != context {
                return frame
            }
        }
        return shared ?? frame
    }

    /// The bar index, counted in `context`'s bars, from which `slot` can have a value there.
    ///
    /// A higher timeframe's slot read on base bars: its bar `r` (0-based) is complete after at most
    /// `(r + 1) * ratio` base bars when the data has no gaps (a gap or a partial first period only completes
    /// it sooner), so the base index `(r + 1) * ratio - 1` is an upper bound. Saturates rather than overflows.
    func ready(_ slot: Int, in context: Int) -> Int {
        let own = slotContexts[slot]
        guard own != Self.constantContext, own != context, context == 0, own > 0 else { return readyAt[slot] }
        let ratio = Int(contextLengths[own] / max(contextLengths[0], 1))
        let (bars, overflow) = (readyAt[slot] + 1).multipliedReportingOverflow(by: ratio)
        return overflow ? Int.max / 2 : bars - 1
    }

    /// The context of `timeframe` read inside `frame`, created the first time it is needed; throws when
    /// the base timeframe is unknown, when the timeframe cannot be built from base bars, or for a different
    /// timeframe nested inside a higher one.
    mutating func context(for timeframe: Timeframe, inside frame: Int) throws(CompilationError) -> Int {
        let length = timeframe.milliseconds
        guard let base = baseTimeframe, base > 0 else {
            throw .timeframe("'@\(timeframe)' needs the length of the base bars, and none was given")
        }
        guard length > base, length % base == 0 else {
            throw .timeframe(
                "'@\(timeframe)' is not a whole multiple of the base timeframe "
                    + "(\(Timeframe.spoken(milliseconds: base))) longer than it")
        }
        if frame != 0 {
            guard contextLengths[frame] == length else {
                throw .timeframe(
                    "'@\(timeframe)' inside '@\(Timeframe.spoken(milliseconds: contextLengths[frame]))': "
                        + "a timeframe cannot be read inside another one")
            }
            return frame
        }
        if let existing = contextLengths.firstIndex(of: length), existing > 0 { return existing }
        contextLengths.append(length)
        instructionLists.append([])
        return contextLengths.count - 1
    }
}
