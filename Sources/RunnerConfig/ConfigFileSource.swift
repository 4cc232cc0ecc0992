import Foundation
import RunnerDiagnostics

/// One config file's bytes and the path diagnostics will name.
public struct ConfigFileSource: Sendable {
    public var kind: ConfigFileKind
    /// Path relative to the config root (`strategies/ma_cross.yaml`).
    public var relativePath: String
    /// Path shown in diagnostics: relative to the working directory, so editors can open it.
    public var displayPath: String
    public var bytes: [UInt8]

    public init(kind: ConfigFileKind, relativePath: String, displayPath: String? = nil, bytes: [UInt8]) {
        self.kind = kind
        self.relativePath = relativePath
        self.displayPath = displayPath ?? relativePath
        self.bytes = bytes
    }

    /// The name the file gives its strategy, limits or environment: its file name without extension.
    public var baseName: String {
        let fileName = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        for suffix in [".yaml", ".yml"] where fileName.hasSuffix(suffix) {
            return String(fileName.dropLast(suffix.count))
        }
        return fileName
    }
}

/// Finds the config files under a root folder.
public struct ConfigDirectory: Sendable {
    public var root: String

    public init(root: String) { self.root = root }

    /// Path of `relative` as the user should see it; an absolute path is used as written.
    public func displayPath(_ relative: String) -> String {
        if root == "." || root.isEmpty || relative.hasPrefix("/") { return relative }
        return root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    /// Every `.yaml`/`.yml` file of one kind, sorted by name; a missing folder is a diagnostic.
    public func files(of kind: ConfigFileKind) -> (files: [ConfigFileSource], diagnostics: [Diagnostic]) {
        let folder = displayPath(kind.folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            let location = SourceLocation(file: folder, line: 1, column: 1)
            return ([], [.error(at: location, code: "missing-folder",
                                "the folder '\(folder)' does not exist; the config root must hold "
                                    + "'strategies/', 'limits/' and 'environments/'")])
        }
        let yamlNames = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var files: [ConfigFileSource] = []
        var diagnostics: [Diagnostic] = []
        for name in yamlNames {
            switch read("\(kind.folder)/\(name)", kind: kind) {
            case .success(let file): files.append(file)
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        return (files, diagnostics)
    }

    /// One file by its path relative to the root.
    public func read(_ relative: String, kind: ConfigFileKind) -> Result<ConfigFileSource, Diagnostic> {
        let path = displayPath(relative)
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
        guard size <= ConfigDefaults.maximumConfigFileBytes else {
            return .failure(.error(at: SourceLocation(file: path, line: 1, column: 1), code: "file-too-large",
                                   "the file '\(path)' holds \(size.grouped) bytes; a config file holds at most "
                                       + "\(ConfigDefaults.maximumConfigFileBytes.grouped)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(.error(at: SourceLocation(file: path, line: 1, column: 1), code: "unreadable-file",
                                   "the file '\(path)' cannot be read"))
        }
        return .success(ConfigFileSource(kind: kind, relativePath: relative, displayPath: path, bytes: Array(data)))
    }
}

extension Diagnostic: Error {}
