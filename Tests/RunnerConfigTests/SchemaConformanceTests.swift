import Foundation
import RunnerConfig
import RunnerPipeline
import RunnerYAML
import Testing

/// Editors check files against the generated JSON Schema; every file the loader accepts must pass it,
/// or the editor would flag valid configs. A small validator covers the keywords the schema uses.
@Suite struct SchemaConformanceTests {
    static let catalog = PluginRegistries.standard.catalog

    static var validFiles: [(kind: ConfigFileKind, path: URL)] {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let roots = [repository, FixtureConfig.root.appendingPathComponent("base")]
        return roots.flatMap { root in
            ConfigFileKind.allCases.flatMap { kind in
                let folder = root.appendingPathComponent(kind.folder)
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                return names.sorted().map { (kind, folder.appendingPathComponent($0)) }
            }
        }
    }

    @Test func everyValidExampleConformsToItsSchema() throws {
        #expect(Self.validFiles.count >= 9)
        for (kind, path) in Self.validFiles {
            let schemaText = ConfigSchema.jsonSchema(of: kind, catalog: Self.catalog)
            let schema = try #require(try JSONSerialization.jsonObject(with: Data(schemaText.utf8)) as? [String: Any])
            let text = try String(contentsOf: path, encoding: .utf8)
            let document = try #require(YAMLParser().parse(text, file: path.lastPathComponent).document)
            let problems = SchemaValidator().problems(of: document, against: schema, at: path.lastPathComponent)
            #expect(problems.isEmpty, "\(kind.folder)/\(path.lastPathComponent): \(problems)")
        }
    }

    @Test func theValidatorRejectsWhatTheSchemaForbids() throws {
        let schemaText = ConfigSchema.jsonSchema(of: .limits, catalog: Self.catalog)
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(schemaText.utf8)) as? [String: Any])
        let document = try #require(YAMLParser().parse("environment: paper\nposition_risk: lots\nbogus: 1\n", file: "x").document)
        let problems = SchemaValidator().problems(of: document, against: schema, at: "x")
        #expect(problems.contains("x: missing required key 'account'"))
        #expect(problems.contains("x: key 'bogus' is not allowed"))
        #expect(problems.contains("x.position_risk: matches none of the allowed forms"))
    }
}

/// Validates a YAML node tree against the JSON Schema keywords the generated schemas use.
struct SchemaValidator {
    func problems(of node: YAMLNode, against schema: [String: Any], at path: String) -> [String] {
        var problems: [String] = []
        if let choices = schema["anyOf"] as? [[String: Any]] {
            if !choices.contains(where: { self.problems(of: node, against: $0, at: path).isEmpty }) {
                problems.append("\(path): matches none of the allowed forms")
            }
        }
        if let words = schema["enum"] as? [String], !(node.scalar.map { words.contains($0.value) } ?? false) {
            problems.append("\(path): not one of \(words)")
        }
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }),
            !types.contains(where: { matches(node, type: $0) })
        {
            problems.append("\(path): not of type \(types)")
            return problems
        }
        if let pattern = schema["pattern"] as? String, let value = node.scalar?.value,
            value.range(of: pattern, options: .regularExpression) == nil
        {
            problems.append("\(path): '\(value)' does not match \(pattern)")
        }
        if let minimum = schema["minimum"] as? Double, let value = node.scalar.flatMap({ Double($0.value) }), value < minimum {
            problems.append("\(path): \(value) is below \(minimum)")
        }
        if let maximum = schema["maximum"] as? Double, let value = node.scalar.flatMap({ Double($0.value) }), value > maximum {
            problems.append("\(path): \(value) is above \(maximum)")
        }
        if let items = schema["items"] as? [String: Any], let elements = node.sequence {
            for (index, element) in elements.enumerated() {
                problems += self.problems(of: element, against: items, at: "\(path)[\(index)]")
            }
        }
        if let pairs = node.mapping {
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for required in schema["required"] as? [String] ?? [] where !pairs.contains(where: { $0.keyText == required }) {
                problems.append("\(path): missing required key '\(required)'")
            }
            for pair in pairs {
                let key = pair.keyText ?? "?"
                if let property = properties[key] {
                    problems += self.problems(of: pair.value, against: property, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    problems += self.problems(of: pair.value, against: additional, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    problems.append("\(path): key '\(key)' is not allowed")
                }
            }
        }
        return problems
    }

    /// YAML's core schema: plain `true`/`false` are booleans, plain numerals numbers; quoted text is a string.
    func matches(_ node: YAMLNode, type: String) -> Bool {
        switch (type, node.content) {
        case ("object", .mapping), ("array", .sequence): return true
        case (_, .scalar(let scalar)):
            let plain = scalar.style == .plain
            switch type {
            case "boolean": return plain && ["true", "false"].contains(scalar.value)
            case "integer": return plain && Int(scalar.value) != nil
            case "number": return plain && Double(scalar.value) != nil
            case "string": return !plain || (Double(scalar.value) == nil && !["true", "false"].contains(scalar.value))
            default: return false
            }
        default: return false
        }
    }
}
