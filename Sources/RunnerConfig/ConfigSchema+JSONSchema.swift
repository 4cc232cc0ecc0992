/// JSON Schema (draft 2020-12) of the config files, for editors such as yaml-language-server.
extension ConfigSchema {
    /// The schema of one file kind, as pretty-printed JSON.
    public static func jsonSchema(of kind: ConfigFileKind, catalog: PluginCatalog) -> String {
        var document: [(String, JSONValue)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("strategy-runner/\(kind.rawValue).schema.json")),
            ("title", .string("\(kind.folder)/<name>.yaml")),
        ]
        if case .object(let members) = objectSchema(keys(of: kind, catalog: catalog)) {
            document += members
        }
        if kind == .strategy { document += functionsDescription(catalog) }
        return JSONValue.object(document).rendered() + "\n"
    }

    static func functionsDescription(_ catalog: PluginCatalog) -> [(String, JSONValue)] {
        let functions = catalog.functions.allSignatures.map { signature in
            JSONValue.string("\(signature): \(signature.summary)")
        }
        return [("x-expression-functions", .array(functions))]
    }

    static func objectSchema(_ specs: [KeySpec]) -> JSONValue {
        let properties = specs.map { spec -> (String, JSONValue) in
            var schema = schema(for: spec.shape)
            if case .object(var members) = schema {
                var description = spec.summary
                if case .optional(let defaultValue) = spec.requirement { description += " Default: \(defaultValue)." }
                members.insert(("description", .string(description)), at: 0)
                schema = .object(members)
            }
            return (spec.name, schema)
        }
        var members: [(String, JSONValue)] = [("type", .string("object")), ("properties", .object(properties))]
        let required = specs.filter(\.isRequired).map { JSONValue.string($0.name) }
        if !required.isEmpty { members.append(("required", .array(required))) }
        members.append(("additionalProperties", .bool(false)))
        return .object(members)
    }

    static func schema(for shape: ValueShape) -> JSONValue {
        func string(pattern: String) -> JSONValue { .object([("type", .string("string")), ("pattern", .string(pattern))]) }
        switch shape {
        case .string, .path:
            return .object([("type", .string("string"))])
        case .symbol: return string(pattern: "^[A-Z0-9][A-Z0-9./_-]*$")
        case .identifier: return string(pattern: "^[A-Za-z][A-Za-z0-9_-]*$")
        case .integer(let minimum, let maximum):
            return .object([("type", .string("integer")), ("minimum", .number(Double(minimum))),
                            ("maximum", .number(Double(maximum)))])
        case .ratio(let maximum, let allowsZero):
            let lower: (String, JSONValue) = allowsZero ? ("minimum", .number(0)) : ("exclusiveMinimum", .number(0))
            return .object([("anyOf", .array([
                string(pattern: "^[0-9][0-9_]*(\\.[0-9]+)? ?%$"),
                .object([("type", .string("number")), lower, ("maximum", .number(min(1, maximum / 100)))]),
            ]))])
        case .basisPoints:
            return .object([("anyOf", .array([
                string(pattern: "^[0-9][0-9_]*(\\.[0-9]+)? ?(bps|%)$"),
                .object([("type", .string("number")), ("minimum", .number(0)), ("maximum", .number(1))]),
            ]))])
        case .number: return .object([("type", .string("number"))])
        case .duration: return string(pattern: "^[0-9][0-9_]*(\\.[0-9]+)?(ms|s|m|h|d)$")
        case .money: return string(pattern: "^[0-9][0-9_]*(\\.[0-9]+)? [A-Z]{3}$")
        case .address: return string(pattern: "^.+:[0-9]{1,5}$")
        case .choice(let words): return .object([("enum", .array(words.map(JSONValue.string)))])
        case .numberExpression: return .object([("type", .array([.string("string"), .string("number")]))])
        case .booleanExpression: return .object([("type", .array([.string("string"), .string("boolean")]))])
        case .environmentVariable: return string(pattern: "^[A-Z_][A-Z0-9_]*$")
        case .replaySpeed: return string(pattern: "^(max|[0-9]+(\\.[0-9]+)?x)$")
        case .timeZone: return string(pattern: "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$")
        case .timeOfDay: return string(pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$")
        case .pattern(_, let example):
            return .object([("type", .string("string")), ("examples", .array([.string(example)]))])
        case .list(let item): return .object([("type", .string("array")), ("items", schema(for: item))])
        case .object(let specs): return objectSchema(specs)
        case .dictionary(_, let value):
            return .object([("type", .string("object")), ("additionalProperties", schema(for: value))])
        case .either(let first, let second): return .object([("anyOf", .array([schema(for: first), schema(for: second)]))])
        }
    }
}
