import Foundation
import RunnerConfig
import RunnerPipeline

/// The fixture configs beside these tests: a valid `base/` root, and `broken/<case>/` folders whose files
/// replace the base's files of the same path, each with the exact diagnostics in `expected.txt`.
enum FixtureConfig {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    static let loader = ConfigurationLoader(catalog: PluginRegistries.standard.catalog)

    static var brokenCases: [String] {
        let names = try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("broken").path)
        return (names ?? []).sorted()
    }

    /// The base files, as in-memory sources keyed by relative path.
    static func baseFiles() -> [String: [UInt8]] {
        files(under: root.appendingPathComponent("base"))
    }

    /// The base files with one broken case's files laid over them.
    static func files(forCase name: String) -> [String: [UInt8]] {
        baseFiles().merging(files(under: root.appendingPathComponent("broken/\(name)")), uniquingKeysWith: { $1 })
    }

    static func load(_ files: [String: [UInt8]]) -> Configuration {
        loader.load(files: sources(files))
    }

    static func sources(_ files: [String: [UInt8]]) -> [ConfigFileSource] {
        files.sorted { $0.key < $1.key }.compactMap { path, bytes in
            guard let kind = ConfigFileKind.allCases.first(where: { path.hasPrefix($0.folder + "/") }) else { return nil }
            return ConfigFileSource(kind: kind, relativePath: path, bytes: bytes)
        }
    }

    static func expected(forCase name: String) -> String? {
        try? String(contentsOf: root.appendingPathComponent("broken/\(name)/expected.txt"), encoding: .utf8)
    }

    private static func files(under directory: URL) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for kind in ConfigFileKind.allCases {
            let folder = directory.appendingPathComponent(kind.folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
                let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data()
                result["\(kind.folder)/\(name)"] = Array(data)
            }
        }
        return result
    }
}
