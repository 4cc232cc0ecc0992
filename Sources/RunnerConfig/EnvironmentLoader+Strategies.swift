import RunnerDiagnostics
import RunnerYAML

extension EnvironmentLoader {
    /// One entry of `strategies:`: a file's name, or `{use: FILE, as: NAME, params: {...}}`.
    mutating func decodeStrategyUse(_ node: YAMLNode, spec: KeySpec) -> StrategyUse? {
        guard node.mapping != nil else {
            return decoder.identifier(node, field: "strategies").map { StrategyUse(name: $0, file: $0, overrides: []) }
        }
        guard case .list(.either(_, .object(let specs))) = spec.shape,
            let reader = MappingReader(node, specs: specs, context: "a 'strategies' entry", diagnostics: &decoder.diagnostics),
            let file = reader.value("use").flatMap({ decoder.identifier($0, field: "strategies.use") })
        else { return nil }
        let name = reader.value("as").flatMap { decoder.identifier($0, field: "strategies.as") }
        if reader.value("as") != nil && name == nil { return nil }
        var overrides: [ParameterOverride] = []
        if let params = reader.value("params") {
            guard let pairs = params.mapping else {
                decoder.diagnostics.error(at: params.location, code: "expected-mapping",
                                          "'params' must map parameter names to numbers, like {fast: 8}")
                return nil
            }
            for pair in pairs {
                guard let key = pair.keyText else {
                    decoder.diagnostics.error(at: pair.key.location, code: "invalid-key",
                                              "a parameter's name must be a plain word, not \(pair.key.kindDescription)")
                    return nil
                }
                guard let text = decoder.text(pair.value, field: "params.\(key)", expected: "a number") else { return nil }
                guard let (value, isInteger) = ParameterNumber.parse(text) else {
                    decoder.diagnostics.error(at: pair.value.location, code: "invalid-value",
                                              "'params.\(key)' must be a number from -1e12 to 1e12, got '\(text)'")
                    return nil
                }
                if overrides.contains(where: { $0.name.value == key }) {
                    decoder.diagnostics.error(at: pair.key.location, code: "duplicate-key", "parameter '\(key)' is given twice")
                    return nil
                }
                overrides.append(ParameterOverride(
                    name: Located(key, at: pair.key.location), value: Located(value, at: pair.value.location),
                    isInteger: isInteger))
            }
        }
        return StrategyUse(name: name ?? file, file: file, overrides: overrides)
    }
}
