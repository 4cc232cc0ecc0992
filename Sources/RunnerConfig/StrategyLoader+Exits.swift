import Foundation
import RunnerDiagnostics
import RunnerExpressions
import RunnerYAML

extension StrategyLoader {
    /// `exits:`: protective exits of a held position (stop loss, take profit, trailing stop, maximum bars).
    mutating func decodeExits(
        _ node: YAMLNode?, spec: KeySpec, checker: TypeChecker, holds: Bool, positionReaders: Set<String>
    ) -> StrategyExits {
        guard let node, case .object(let specs) = spec.shape,
            let reader = MappingReader(node, specs: specs, context: "'exits'", diagnostics: &decoder.diagnostics)
        else { return StrategyExits() }
        if !holds {
            decoder.diagnostics.error(
                at: node.location, code: "exits-without-entries",
                "'exits' protect a position held between an entry and its exit; with 'long'/'short' rules the "
                    + "position is decided afresh at every tick and would be entered again at once: write the "
                    + "rules as 'enter_long'/'exit_long' (or the short ones)")
        }
        var exits = StrategyExits()
        func measured(_ key: String, _ loader: inout StrategyLoader) -> ExitDistance? {
            guard let node = reader.value(key), let exit = loader.distance(node, key: key, checker: checker) else { return nil }
            // Measured at the entry decision, before the position exists: what it would read is the old one.
            if case .expression(let expression) = exit,
                let name = expression.expression.referencedIdentifiers.first(where: { positionReaders.contains($0) })
            {
                loader.decoder.diagnostics.error(
                    at: expression.location, code: "exit-reads-position",
                    "the exit '\(key)' is measured at the entry decision, before the position exists, so it cannot "
                        + "read '\(name)'\(Self.positionNames.contains(name) ? "" : ", which reads the strategy's position"); "
                        + "write it from prices and indicators")
                return nil
            }
            return exit
        }
        exits.stopLoss = measured("stop_loss", &self)
        exits.takeProfit = measured("take_profit", &self)
        exits.trailingStop = measured("trailing_stop", &self)
        exits.maxBars = reader.value("max_bars").flatMap { maxBars($0, checker: checker) }
        return exits
    }

    /// `3%` (of the entry price) or an expression of price units (`2 * atr(14)`).
    private mutating func distance(_ node: YAMLNode, key: String, checker: TypeChecker) -> ExitDistance? {
        guard let scalar = node.scalar, !scalar.isNull else {
            decoder.diagnostics.error(at: node.location, code: "invalid-value",
                                      "'exits.\(key)' must be a percentage of the entry price such as '3%' or a price "
                                          + "distance such as '2 * atr(14)', but it is \(node.kindDescription)")
            return nil
        }
        let text = scalar.value.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") || text.hasSuffix("bps") {
            return decoder.ratio(node, field: "exits.\(key)", maximumPercent: 100, allowsZero: false).map { .fraction($0) }
        }
        return expression(node, name: "exits.\(key)", expecting: .number, role: "the exit '\(key)'", checker: checker)
            .map { .expression($0) }
    }

    /// The position's names and the indicators that read them, directly or through other indicators.
    static func positionReaders(_ indicators: [StrategyExpression]) -> Set<String> {
        var readers = Set(positionNames)
        // In dependency order: an indicator's inputs are decided before it.
        for indicator in indicators where !readers.isDisjoint(with: indicator.expression.referencedIdentifiers) {
            readers.insert(indicator.name)
        }
        return readers
    }

    /// A whole number of bars from 1, written as a number or a parameter's name.
    private mutating func maxBars(_ node: YAMLNode, checker: TypeChecker) -> Located<Int>? {
        guard let checked = expression(node, name: "exits.max_bars", expecting: .number, role: "'exits.max_bars'",
                                       checker: checker)
        else { return nil }
        guard let bars = checked.expression.literalInteger, bars >= 1, bars <= ConfigDefaults.maximumHoldBars else {
            decoder.diagnostics.error(
                at: node.location, code: "out-of-range",
                "'exits.max_bars' must be a whole number of bars from 1 to \(ConfigDefaults.maximumHoldBars.grouped) "
                    + "(or a whole-number parameter), got '\(checked.text)'")
            return nil
        }
        return Located(bars, at: node.location)
    }
}
