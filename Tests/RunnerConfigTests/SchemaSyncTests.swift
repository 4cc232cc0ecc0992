import Foundation
import RunnerConfig
import RunnerDiagnostics
import RunnerPipeline
import Testing

/// The JSON Schema and the config reference are generated from the key specs; these tests check that
/// the loader accepts exactly those keys, so the three can never disagree.
@Suite struct SchemaSyncTests {
    static let catalog = PluginRegistries.standard.catalog

    /// One probe per key path: a file of the given kind whose only unusual key is `path`.
    struct Probe: CustomStringConvertible, Sendable {
        var kind: ConfigFileKind
        var path: [String]
        var yaml: String
        var description: String { "\(kind.rawValue): \(path.joined(separator: "."))" }
    }

    static var probes: [Probe] {
        var probes: [Probe] = []
        for kind in ConfigFileKind.allCases {
            for spec in ConfigSchema.keys(of: kind, catalog: catalog) {
                probes.append(Probe(kind: kind, path: [spec.name], yaml: "\(spec.name): x\n"))
                if case .object(let children) = spec.shape, spec.name != "broker", spec.name != "market_data" {
                    for child in children {
                        probes.append(Probe(kind: kind, path: [spec.name, child.name],
                                            yaml: "\(spec.name): {\(child.name): x}\n"))
                    }
                }
            }
        }
        for adapter in catalog.brokerAdapters.values {
            for setting in adapter.settings {
                probes.append(Probe(kind: .environment, path: ["broker", setting.name],
                                    yaml: "broker: {adapter: \(adapter.name), \(setting.name): x}\n"))
            }
        }
        return probes
    }

    static func load(_ probe: Probe) -> [Diagnostic] {
        let file = "\(probe.kind.folder)/probe.yaml"
        return FixtureConfig.loader.load(files: [
            ConfigFileSource(kind: probe.kind, relativePath: file, bytes: Array(probe.yaml.utf8))
        ]).diagnostics
    }

    @Test(arguments: probes)
    func everySchemaKeyIsAcceptedByTheLoader(_ probe: Probe) {
        let unknown = Self.load(probe).filter { $0.code == "unknown-key" }
        #expect(unknown.isEmpty, "the loader rejects \(probe), which the schema documents: \(unknown)")
    }

    @Test(arguments: ConfigFileKind.allCases)
    func aKeyOutsideTheSchemaIsRejected(_ kind: ConfigFileKind) {
        let probe = Probe(kind: kind, path: ["not_a_key"], yaml: "not_a_key: 1\n")
        #expect(Self.load(probe).contains { $0.code == "unknown-key" && $0.message.contains("'not_a_key'") })
    }

    @Test(arguments: ConfigFileKind.allCases)
    func theJSONSchemaListsEveryTopLevelKeyAndForbidsOthers(_ kind: ConfigFileKind) throws {
        let text = ConfigSchema.jsonSchema(of: kind, catalog: Self.catalog)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let properties = try #require(json["properties"] as? [String: Any])
        let specs = ConfigSchema.keys(of: kind, catalog: Self.catalog)
        #expect(Set(properties.keys) == Set(specs.map(\.name)))
        #expect(Set(json["required"] as? [String] ?? []) == Set(specs.filter(\.isRequired).map(\.name)))
        #expect(json["additionalProperties"] as? Bool == false)
    }

    @Test func theReferenceDocumentsEveryKey() {
        let reference = ConfigSchema.markdownReference(catalog: Self.catalog)
        for probe in Self.probes {
            #expect(reference.contains("`\(probe.path.joined(separator: "."))`"), "\(probe) is not in the reference")
        }
    }
}
