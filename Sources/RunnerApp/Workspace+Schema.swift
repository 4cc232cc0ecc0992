import Foundation
import RunnerConfig

extension Workspace {
    /// The JSON Schema of one file kind.
    public func jsonSchema(of kind: ConfigFileKind) -> String {
        ConfigSchema.jsonSchema(of: kind, catalog: registries.catalog)
    }

    /// The Markdown config reference (`docs/CONFIG.md`).
    public var configReference: String {
        ConfigSchema.markdownReference(catalog: registries.catalog)
    }

    /// Writes `<kind>.schema.json` for every kind into `directory`; returns the paths written.
    public func writeSchemas(to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try ConfigFileKind.allCases.map { kind in
            let path = (directory as NSString).appendingPathComponent("\(kind.rawValue).schema.json")
            try jsonSchema(of: kind).write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }
}
