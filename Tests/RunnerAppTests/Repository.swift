import Foundation

/// Paths in this repository and a scratch copy of its config folders, for golden CLI tests.
enum Repository {
    /// The package root (where `Package.swift` is).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let golden = Bundle.module.resourceURL!.appendingPathComponent("Golden")

    /// The golden file's text, or the actual text written there when `UPDATE_GOLDEN=1`.
    static func golden(_ name: String, actual: String) throws -> String {
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Golden/\(name)")
            try actual.write(to: source, atomically: true, encoding: .utf8)
            return actual
        }
        return try String(contentsOf: golden.appendingPathComponent(name), encoding: .utf8)
    }

    /// ``scratchCopy(edits:extraFiles:)`` with the bundled sample data in `data/sample`.
    static func scratchCopyWithSample(edits: [String: [(String, String)]] = [:]) throws -> URL {
        let root = try scratchCopy(edits: edits)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("data/sample"),
                                         to: root.appendingPathComponent("data/sample"))
        return root
    }

    /// A temporary copy of the example config folders, with `edits` applied (path -> replacement pairs).
    static func scratchCopy(edits: [String: [(String, String)]] = [:], extraFiles: [String: String] = [:]) throws -> URL {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
        for folder in ["strategies", "limits", "environments"] {
            try FileManager.default.createDirectory(at: scratch.appendingPathComponent(folder),
                                                    withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path) {
                var text = try String(contentsOf: root.appendingPathComponent("\(folder)/\(name)"), encoding: .utf8)
                for (old, new) in edits["\(folder)/\(name)"] ?? [] {
                    precondition(text.contains(old), "\(old) is not in \(folder)/\(name)")
                    text = text.replacingOccurrences(of: old, with: new)
                }
                try text.write(to: scratch.appendingPathComponent("\(folder)/\(name)"), atomically: true, encoding: .utf8)
            }
        }
        for (path, text) in extraFiles {
            try text.write(to: scratch.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        return scratch
    }
}
