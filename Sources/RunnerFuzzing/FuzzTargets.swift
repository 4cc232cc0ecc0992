import Foundation
import RunnerConfig
import RunnerDiagnostics
import RunnerExpressions
import RunnerPipeline

/// What one fuzz input does, for the libFuzzer targets in `Fuzz/` and for the tests that replay their
/// corpora: every input must end in a configuration or diagnostics, never a crash, a hang or a trap.
public enum FuzzTargets {
    private static let loader = ConfigurationLoader(catalog: PluginRegistries.standard.catalog)

    /// Loads `bytes` as each kind of config file (a strategy, a limits file, an environment) and renders
    /// the diagnostics as text, JSON and GitHub annotations. Returns how many diagnostics there were.
    @discardableResult
    public static func yamlLoader(_ bytes: [UInt8]) -> Int {
        var total = 0
        for kind in ConfigFileKind.allCases {
            let file = ConfigFileSource(kind: kind, relativePath: "\(kind.folder)/fuzz.yaml", bytes: bytes)
            let configuration = loader.load(files: [file])
            let renderer = DiagnosticRenderer(sources: configuration.sources)
            for format in DiagnosticFormat.allCases { _ = renderer.render(configuration.diagnostics, format: format) }
            total += configuration.diagnostics.count
        }
        return total
    }

    /// Parses and type-checks `bytes` as one expression, then each line `name = expression` as a strategy's
    /// named indicators (references, cycles and all). Returns how many diagnostics there were.
    @discardableResult
    public static func expressions(_ bytes: [UInt8]) -> Int {
        let text = String(decoding: bytes, as: UTF8.self)
        let origin = SourceLocation(file: "fuzz", line: 1, column: 1)
        var total = TypeChecker().check(text, origin: origin, expecting: nil, role: "expression").diagnostics.count
        let definitions = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .compactMap { line, content -> ExpressionDefinition? in
                guard let equals = content.firstIndex(of: "=") else { return nil }
                let name = content[..<equals].trimmingCharacters(in: .whitespaces)
                return ExpressionDefinition(
                    name: name, text: String(content[content.index(after: equals)...]),
                    origin: SourceLocation(file: "fuzz", line: line + 1, column: name.count + 2))
            }
        let checked = NamedExpressionChecker(allowsFunctionNames: true).check(definitions)
        total += checked.diagnostics.count
        _ = DiagnosticRenderer(sources: ["fuzz": text]).render(checked.diagnostics, format: .text)
        return total
    }

    /// Runs `target` over every file named (a corpus folder's files, or single files), for a build without
    /// libFuzzer: `FuzzYAMLLoader Fuzz/Corpus/yaml crash-1234`.
    public static func replay(_ paths: some Sequence<String>, through target: ([UInt8]) -> Int) {
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                print("\(path): no such file")
                continue
            }
            let files = isFolder.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" }
                : [path]
            for file in files {
                let bytes = FileManager.default.contents(atPath: file).map(Array.init) ?? []
                print("\(file): \(target(bytes)) diagnostics")
            }
        }
    }
}
