import RunnerDiagnostics
import RunnerYAML

/// Reads one YAML mapping against its ``KeySpec``s: hands out the values of known keys, reports
/// unknown keys (with a suggestion), missing required keys, and remembers which keys were read.
struct MappingReader {
    let node: YAMLNode
    let specs: [KeySpec]
    /// How messages name this mapping: "limits file", "`broker`", ...
    let context: String
    private(set) var values: [String: YAMLPair] = [:]

    /// Nil (with a diagnostic) when `node` is not a mapping.
    init?(_ node: YAMLNode, specs: [KeySpec], context: String, diagnostics: inout DiagnosticCollector) {
        guard let pairs = node.mapping else {
            diagnostics.error(
                at: node.location, code: "expected-mapping",
                "\(context) must be a mapping of keys to values, but it is \(node.kindDescription)")
            return nil
        }
        self.node = node
        self.specs = specs
        self.context = context
        let known = Set(specs.map(\.name))
        for pair in pairs {
            guard let key = pair.keyText else {
                diagnostics.error(at: pair.key.location, code: "invalid-key",
                                  "keys in \(context) must be plain words, not \(pair.key.kindDescription)")
                continue
            }
            if known.contains(key) {
                values[key] = pair
            } else {
                diagnostics.append(Self.unknownKey(key, at: pair.key.location, known: specs.map(\.name), context: context))
            }
        }
        for spec in specs where spec.isRequired {
            if let pair = values[spec.name] {
                if pair.value.isNull {
                    diagnostics.error(at: pair.key.location, code: "missing-value",
                                      "the required key '\(spec.name)' in \(context) has no value")
                }
            } else {
                diagnostics.error(at: node.location, code: "missing-key",
                                  "\(context) is missing the required key '\(spec.name)'")
            }
        }
    }

    /// The value of `key` (declared in `specs`), if present and not null.
    func value(_ key: String) -> YAMLNode? {
        assert(specs.contains { $0.name == key }, "'\(key)' is read but not declared in the schema")
        guard let pair = values[key], !pair.value.isNull else { return nil }
        return pair.value
    }

    /// The key node of `key`, for messages about the key itself.
    func keyNode(_ key: String) -> YAMLNode? { values[key]?.key }

    /// The spec of `key`.
    func spec(_ key: String) -> KeySpec {
        guard let spec = specs.first(where: { $0.name == key }) else {
            preconditionFailure("'\(key)' is read but not declared in the schema")
        }
        return spec
    }

    static func unknownKey(_ key: String, at location: SourceLocation, known: [String], context: String) -> Diagnostic {
        let lowered = key.lowercased()
        let credentialWords = ["secret", "password", "token", "api_key", "apikey", "key_id", "passphrase"]
        if !lowered.hasSuffix("_env"), credentialWords.contains(where: lowered.contains) {
            return .error(
                at: location, code: "credential-in-config",
                "'\(key)' looks like a credential; credentials never go in YAML; name the environment variable "
                    + "that holds it instead, for example '\(key)_env: MY_BROKER_\(key.uppercased())'")
        }
        return .error(
            at: location, code: "unknown-key",
            "unknown key '\(key)' in \(context)\(Suggestion.didYouMean(key, in: known))")
    }
}

