import RunnerDiagnostics

extension TypeChecker {
    /// The type of `base@timeframe`: the type of `base`, after checking that the timeframe can be built from
    /// the base bars (a whole multiple of ``TypeEnvironment/baseTimeframe``, and longer) and that `base`
    /// reads no other timeframe (nested timeframes are not supported).
    func inferTimeframe(
        _ node: ExpressionNode, _ base: ExpressionNode, _ timeframe: Timeframe, atRange: SourceRange,
        _ diagnostics: inout DiagnosticCollector
    ) -> ValueType? {
        let fits = checkAgainstBase(timeframe, at: atRange.start, &diagnostics)
        guard let type = infer(base, &diagnostics) else { return nil }
        let others = timeframesRead(by: base).subtracting([timeframe.milliseconds])
        guard others.isEmpty else {
            let names = others.sorted().map { "@\(Timeframe.spoken(milliseconds: $0))" }.joined(separator: ", ")
            diagnostics.error(
                at: atRange.start, code: ExpressionDiagnosticCode.nestedTimeframe.rawValue,
                "'\(base)' reads \(names) but is itself evaluated on @\(timeframe) bars; a timeframe cannot be "
                    + "read inside another one, so apply each '@' to the part it belongs to, as in "
                    + "'close@1h > close@4h'")
            return nil
        }
        return fits ? type : nil
    }

    /// Reports a timeframe the base bars cannot build; true when it fits (or the base is not known).
    private func checkAgainstBase(
        _ timeframe: Timeframe, at location: SourceLocation, _ diagnostics: inout DiagnosticCollector
    ) -> Bool {
        guard let base = environment.baseTimeframe, base > 0 else { return true }
        let baseText = Timeframe.spoken(milliseconds: base)
        let baseName = "\(environment.baseTimeframeName) (\(baseText))"
        if timeframe.milliseconds <= base {
            diagnostics.error(
                at: location, code: ExpressionDiagnosticCode.timeframeMismatch.rawValue,
                "'@\(timeframe)' is not longer than \(baseName); '@' reads a higher timeframe built from "
                    + "\(baseText) bars, such as @\(Timeframe.spoken(milliseconds: base * 12))")
            return false
        }
        if timeframe.milliseconds % base != 0 {
            let below = timeframe.milliseconds / base * base
            let above = below + base
            let nearest = [below, above].filter { $0 > base }.map { "@\(Timeframe.spoken(milliseconds: $0))" }
            diagnostics.error(
                at: location, code: ExpressionDiagnosticCode.timeframeMismatch.rawValue,
                "'@\(timeframe)' is not a whole multiple of \(baseName), so its bars cannot be built from "
                    + "\(baseText) bars; use a multiple such as \(nearest.joined(separator: " or "))")
            return false
        }
        return true
    }

    /// The higher timeframes (milliseconds) `node` reads with `@`, directly or through named indicators.
    public func timeframesRead(by node: ExpressionNode) -> Set<Int64> {
        var timeframes: Set<Int64> = []
        node.forEachNode { child in
            switch child.kind {
            case .timeframe(_, let timeframe, _): timeframes.insert(timeframe.milliseconds)
            case .identifier(let name): timeframes.formUnion(environment.timeframes(readBy: name))
            default: break
            }
        }
        return timeframes
    }
}
