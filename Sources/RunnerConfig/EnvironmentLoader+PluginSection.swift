import RunnerDiagnostics
import RunnerYAML

extension EnvironmentLoader {
    /// Reads a section whose plugin is chosen by one key (`broker: {adapter: paper, ...}`): the
    /// selector first, because the chosen plugin decides which other keys are allowed, then each
    /// setting checked against the plugin's own spec.
    mutating func decodePluginSection(
        _ node: YAMLNode, section: String, selector: String, kind: String, plugins: [String: [KeySpec]],
        example: String
    ) -> (Located<String>, [String: Located<String>])? {
        guard let pairs = node.mapping else {
            decoder.diagnostics.error(at: node.location, code: "expected-mapping",
                                      "'\(section)' must be a mapping such as \(example)")
            return nil
        }
        guard let selectorNode = pairs.first(where: { $0.keyText == selector })?.value else {
            decoder.diagnostics.error(at: node.location, code: "missing-key",
                                      "'\(section)' is missing the required key '\(selector)'")
            return nil
        }
        let names = plugins.keys.sorted()
        guard let name = decoder.choice(selectorNode, field: "\(section).\(selector)", among: names, kind: kind),
            let settingSpecs = plugins[name.value]
        else { return nil }
        let specs = [KeySpec(selector, .choice(names), .required, "")] + settingSpecs
        guard let reader = MappingReader(node, specs: specs, context: "'\(section)' (\(selector) '\(name.value)')",
                                         diagnostics: &decoder.diagnostics)
        else { return nil }
        var settings: [String: Located<String>] = [:]
        for spec in settingSpecs {
            guard let value = reader.value(spec.name),
                let text = decoder.checkedText(value, spec: spec, field: "\(section).\(spec.name)")
            else { continue }
            settings[spec.name] = text
        }
        return (name, settings)
    }
}
