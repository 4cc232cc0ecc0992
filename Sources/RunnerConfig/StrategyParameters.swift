import Foundation
import RunnerDiagnostics
import RunnerExpressions
import RunnerYAML

/// A value an environment gives a strategy's parameter: `params: {fast: 8}` under a strategy it runs.
public struct ParameterOverride: Sendable, Hashable {
    public var name: Located<String>
    public var value: Located<Double>
    /// Written as a whole number.
    public var isInteger: Bool
}

/// How an environment runs a strategy file: under which name, with which parameters.
public struct StrategyUse: Sendable, Hashable {
    /// The name the run knows the strategy by (`as:`, else the file's name).
    public var name: Located<String>
    /// The strategy file's name (`use:`, or the plain entry).
    public var file: Located<String>
    public var overrides: [ParameterOverride]

    /// True when the entry is just the file's name: the strategy loads as the file says.
    public var isPlain: Bool { name.value == file.value && overrides.isEmpty }
}

/// A parameter's value as messages and `runner graph` print it.
public enum ParameterText {
    /// `10` or `0.5` (a whole number without `.0`).
    public static func text(_ value: Double, isInteger: Bool? = nil) -> String { ParameterNumber.text(value, isInteger: isInteger) }
}

/// Reads numbers written in a config file as parameter values.
enum ParameterNumber {
    /// `10`, `-3`, `0.5`, `1e-3`: the value and whether it is written as a whole number; nil otherwise.
    /// The largest magnitude a parameter may have: beyond any period, price or count a strategy needs.
    static let largest = 1e12

    static func parse(_ text: String) -> (value: Double, isInteger: Bool)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite, abs(value) <= largest else { return nil }
        let digits = trimmed.hasPrefix("-") || trimmed.hasPrefix("+") ? trimmed.dropFirst() : Substring(trimmed)
        return (value, !digits.isEmpty && digits.allSatisfy(\.isWholeNumber))
    }

    /// `10` or `0.5` as a message prints it (a whole number without `.0`).
    static func text(_ value: Double, isInteger: Bool? = nil) -> String {
        let whole = (isInteger ?? true) && value == value.rounded() && abs(value) < 1e15
        return whole ? String(Int64(value)) : String(value)
    }
}

extension StrategyLoader {
    /// The names a strategy's expressions read about its own position (see `PositionField`).
    static let positionNames = ["position", "bars_in_position", "entry_price"]

    /// `params:` with the values to run with (`overrides` from the environment win over the defaults).
    mutating func decodeParameters(_ node: YAMLNode?, overrides: [ParameterOverride]) -> [StrategyParameter] {
        var parameters: [StrategyParameter] = []
        if let node {
            guard let pairs = node.mapping else {
                decoder.diagnostics.error(
                    at: node.location, code: "expected-mapping",
                    "'params' must map names to defaults, like {fast: {default: 10, min: 2, max: 50}}")
                return []
            }
            for pair in pairs {
                if let parameter = decodeParameter(pair) {
                    if parameters.contains(where: { $0.name.value == parameter.name.value }) {
                        decoder.diagnostics.error(at: parameter.name.location, code: "duplicate-key",
                                                  "parameter '\(parameter.name.value)' is declared twice")
                        continue
                    }
                    parameters.append(parameter)
                }
            }
        }
        for override in overrides { apply(override, to: &parameters) }
        return parameters
    }

    private mutating func decodeParameter(_ pair: YAMLPair) -> StrategyParameter? {
        guard let name = pair.keyText else {
            decoder.diagnostics.error(at: pair.key.location, code: "invalid-key",
                                      "a parameter's name must be a plain word, not \(pair.key.kindDescription)")
            return nil
        }
        let location = pair.key.location
        guard ExpressionDefinition.isValidName(name) else {
            decoder.diagnostics.error(at: location, code: "invalid-name",
                                      "parameter name '\(name)' cannot be used in expressions; a name is letters, "
                                          + "digits and '_', and does not start with a digit")
            return nil
        }
        if TypeEnvironment.standardBarFields.contains(name) || Self.positionNames.contains(name)
            || catalog.functions.signature(named: name) != nil
        {
            decoder.diagnostics.error(at: location, code: "invalid-name",
                                      "parameter '\(name)' has the name of a bar field, a position value or a "
                                          + "function, which it would hide; choose another name")
            return nil
        }
        var defaultNode = pair.value
        var minimum: Double?
        var maximum: Double?
        if pair.value.mapping != nil {
            guard let reader = MappingReader(pair.value, specs: ConfigSchema.parameterKeys, context: "parameter '\(name)'",
                                             diagnostics: &decoder.diagnostics),
                let given = reader.value("default")
            else { return nil }
            defaultNode = given
            minimum = reader.value("min").flatMap { number($0, field: "params.\(name).min")?.value }
            maximum = reader.value("max").flatMap { number($0, field: "params.\(name).max")?.value }
            if reader.value("min") != nil && minimum == nil || reader.value("max") != nil && maximum == nil { return nil }
        }
        guard let (value, isInteger) = number(defaultNode, field: "params.\(name).default") else { return nil }
        if let minimum, let maximum, minimum > maximum {
            decoder.diagnostics.error(at: location, code: "out-of-range",
                                      "parameter '\(name)' has min \(minimum) above max \(maximum)")
            return nil
        }
        var parameter = StrategyParameter(
            name: Located(name, at: location), value: value, isInteger: isInteger, defaultValue: value,
            minimum: minimum, maximum: maximum, overriddenAt: nil)
        guard checkBounds(value, of: parameter, at: defaultNode.location, what: "its default") else { return nil }
        parameter.value = value
        return parameter
    }

    private mutating func apply(_ override: ParameterOverride, to parameters: inout [StrategyParameter]) {
        guard let index = parameters.firstIndex(where: { $0.name.value == override.name.value }) else {
            let known = parameters.map(\.name.value)
            let declared = known.isEmpty ? "it declares no parameters" : "it declares \(known.joined(separator: ", "))"
            decoder.diagnostics.error(
                at: override.name.location, code: "unknown-parameter",
                "the strategy has no parameter '\(override.name.value)'; \(declared)"
                    + Suggestion.didYouMean(override.name.value, in: known))
            return
        }
        let parameter = parameters[index]
        if parameter.isInteger && !override.isInteger {
            decoder.diagnostics.error(
                at: override.value.location, code: "invalid-value",
                "parameter '\(parameter.name.value)' is a whole number (its default is "
                    + "\(ParameterNumber.text(parameter.defaultValue, isInteger: true))), got \(override.value.value)")
            return
        }
        guard checkBounds(override.value.value, of: parameter, at: override.value.location, what: "the value") else { return }
        parameters[index].value = override.value.value
        parameters[index].overriddenAt = override.value.location
    }

    private mutating func checkBounds(_ value: Double, of parameter: StrategyParameter, at location: SourceLocation,
                                      what: String) -> Bool {
        let text = ParameterNumber.text(value, isInteger: parameter.isInteger)
        if let minimum = parameter.minimum, value < minimum {
            decoder.diagnostics.error(at: location, code: "out-of-range",
                                      "parameter '\(parameter.name.value)' must be at least \(ParameterNumber.text(minimum)), "
                                          + "but \(what) is \(text)")
            return false
        }
        if let maximum = parameter.maximum, value > maximum {
            decoder.diagnostics.error(at: location, code: "out-of-range",
                                      "parameter '\(parameter.name.value)' must be at most \(ParameterNumber.text(maximum)), "
                                          + "but \(what) is \(text)")
            return false
        }
        return true
    }

    private mutating func number(_ node: YAMLNode, field: String) -> (value: Double, isInteger: Bool)? {
        guard let text = decoder.text(node, field: field, expected: "a number") else { return nil }
        guard let parsed = ParameterNumber.parse(text) else {
            decoder.diagnostics.error(at: node.location, code: "invalid-value", "'\(field)' must be a number from -1e12 to 1e12, got '\(text)'")
            return nil
        }
        return parsed
    }

    /// The parameters as expressions read them.
    static func constants(_ parameters: [StrategyParameter]) -> ExpressionConstants {
        ExpressionConstants(Dictionary(uniqueKeysWithValues: parameters.map {
            ($0.name.value, ExpressionConstants.Value($0.value, isInteger: $0.isInteger))
        }))
    }
}
