import Foundation
import RunnerDiagnostics
import RunnerYAML

/// Loads a config root into a ``Configuration``: parses every file, decodes it against its schema,
/// then runs the cross-file checks. Never throws; every problem becomes a diagnostic.
public struct ConfigurationLoader: Sendable {
    public var catalog: PluginCatalog
    public var parser = YAMLParser()

    public init(catalog: PluginCatalog) {
        self.catalog = catalog
    }

    /// Every file under the three folders of `root`, or, with `environment`, that environment and
    /// the limits and strategies it uses.
    public func load(root: String, environment: String? = nil) -> Configuration {
        let directory = ConfigDirectory(root: root)
        var files: [ConfigFileSource] = []
        var diagnostics: [Diagnostic] = []
        if let environment {
            let candidates = ["environments/\(environment).yaml", "environments/\(environment).yml"]
            let existing = candidates.first { FileManager.default.fileExists(atPath: directory.displayPath($0)) }
            switch directory.read(existing ?? candidates[0], kind: .environment) {
            case .success(let file):
                files.append(file)
            case .failure:
                let known = directory.files(of: .environment).files.map(\.baseName)
                let location = SourceLocation(file: directory.displayPath("environments"), line: 1, column: 1)
                diagnostics.append(.error(
                    at: location, code: "unknown-environment",
                    "there is no environment '\(environment)' (no file environments/\(environment).yaml)"
                        + "\(Suggestion.didYouMean(environment, in: known))"))
            }
            var configuration = load(files: files)
            // Bring in what the environment uses, then check it all together.
            if let loaded = configuration.environmentReferences[environment] {
                files += [loaded.limitsFile?.value].compactMap { $0 }
                    .compactMap { try? directory.read($0, kind: .limits).get() }
                let strategyFiles = directory.files(of: .strategy)
                let wanted = Set(loaded.uses.map(\.file.value))
                files += strategyFiles.files.filter { wanted.contains($0.baseName) }
                configuration = load(files: files)
            }
            configuration.diagnostics = (diagnostics + configuration.diagnostics).sortedByLocation()
            return configuration
        }
        for kind in ConfigFileKind.allCases {
            let found = directory.files(of: kind)
            files += found.files
            diagnostics += found.diagnostics
        }
        var configuration = load(files: files)
        configuration.diagnostics = (diagnostics + configuration.diagnostics).sortedByLocation()
        return configuration
    }

    /// Loads files already in memory (tests and tools use this directly).
    public func load(files: [ConfigFileSource]) -> Configuration {
        var configuration = Configuration()
        var collector = DiagnosticCollector()
        var strategyDocuments: [String: (YAMLNode, ConfigFileSource)] = [:]
        for file in files {
            configuration.sources[file.displayPath] = String(decoding: file.bytes, as: UTF8.self)
            configuration.presentFiles.insert(file.relativePath)
            let parsed = parser.parse(bytes: file.bytes, file: file.displayPath)
            collector.append(contentsOf: parsed.diagnostics)
            guard !parsed.diagnostics.containsErrors else { continue }
            guard let document = parsed.document, !document.isNull else {
                collector.error(at: SourceLocation(file: file.displayPath, line: 1, column: 1), code: "empty-file",
                                "the \(file.kind.rawValue) file is empty; it must be a mapping of keys to values")
                continue
            }
            decode(document, file: file, into: &configuration, diagnostics: &collector)
            if file.kind == .strategy { strategyDocuments[file.baseName] = (document, file) }
        }
        loadInstances(strategyDocuments, into: &configuration, diagnostics: &collector)
        var checks = CrossFileChecks(configuration: configuration, catalog: catalog)
        checks.run()
        collector.append(contentsOf: checks.diagnostics.diagnostics)
        configuration.diagnostics = collector.diagnostics.sortedByLocation()
        return configuration
    }

    /// Each strategy an environment runs under another name or with other parameters, loaded from its
    /// file with them. Problems only those values cause are reported (the file's own, once, by its load).
    private func loadInstances(
        _ documents: [String: (YAMLNode, ConfigFileSource)], into configuration: inout Configuration,
        diagnostics: inout DiagnosticCollector
    ) {
        for references in configuration.environmentReferences.values.sorted(by: { $0.name < $1.name }) {
            for use in references.uses where !use.isPlain {
                guard let (document, file) = documents[use.file.value], configuration.strategies[use.file.value] != nil
                else { continue }
                var loader = StrategyLoader(catalog: catalog, source: configuration.sources[file.displayPath] ?? "")
                let strategy = loader.load(document, file: file.displayPath, expectedName: file.baseName, use: use)
                let place = "\(references.file):\(use.name.location.line):\(use.name.location.column)"
                for var diagnostic in loader.decoder.diagnostics.diagnostics {
                    if diagnostic.location.file != references.file {
                        diagnostic.message = "with the parameters '\(use.name.value)' runs with (\(place)): \(diagnostic.message)"
                    }
                    diagnostics.append(diagnostic)
                }
                if let strategy { configuration.instances[references.name, default: [:]][use.name.value] = strategy }
            }
        }
    }

    private func decode(
        _ document: YAMLNode, file: ConfigFileSource, into configuration: inout Configuration,
        diagnostics: inout DiagnosticCollector
    ) {
        switch file.kind {
        case .strategy:
            var loader = StrategyLoader(catalog: catalog, source: configuration.sources[file.displayPath] ?? "")
            let strategy = loader.load(document, file: file.displayPath, expectedName: file.baseName)
            diagnostics.append(contentsOf: loader.decoder.diagnostics.diagnostics)
            guard let strategy else { return }
            if let existing = configuration.strategies[strategy.name.value] {
                diagnostics.error(at: strategy.name.location, code: "duplicate-strategy",
                                  "a strategy named '\(strategy.name.value)' is already defined in \(existing.file)")
                return
            }
            configuration.strategies[strategy.name.value] = strategy
        case .limits:
            var loader = LimitsLoader()
            let limits = loader.load(document, file: file.displayPath)
            diagnostics.append(contentsOf: loader.decoder.diagnostics.diagnostics)
            if let limits { configuration.limits[file.relativePath] = limits }
        case .environment:
            var loader = EnvironmentLoader(catalog: catalog)
            let (environment, references) = loader.load(document, file: file.displayPath, name: file.baseName)
            diagnostics.append(contentsOf: loader.decoder.diagnostics.diagnostics)
            if let environment { configuration.environments[environment.name] = environment }
            if let references { configuration.environmentReferences[references.name] = references }
        }
    }
}
