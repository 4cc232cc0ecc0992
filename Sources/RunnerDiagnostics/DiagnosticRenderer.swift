/// How diagnostics are printed for people, tools and CI.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// `path:line:column: error: message`, then the source line and a caret under the column.
    case text
    /// One JSON document: `{"diagnostics": [...], "errors": N, "warnings": N}`.
    case json
    /// GitHub Actions workflow commands (`::error file=...,line=...,col=...::message`).
    case github
}

/// Renders diagnostics in one of the ``DiagnosticFormat``s.
public struct DiagnosticRenderer: Sendable {
    /// File contents by the path used in the diagnostics, for the source line under each message.
    public var sources: [String: String]

    public init(sources: [String: String] = [:]) {
        self.sources = sources
    }

    public func render(_ diagnostics: [Diagnostic], format: DiagnosticFormat) -> String {
        switch format {
        case .text: diagnostics.map(renderText).joined()
        case .json: renderJSON(diagnostics)
        case .github: diagnostics.map(renderGitHub).joined()
        }
    }

    /// The message line, then the source line and a caret (when the source is known).
    public func renderText(_ diagnostic: Diagnostic) -> String {
        var output = "\(diagnostic)\n"
        if let line = sourceLine(diagnostic.location) {
            let caretOffset = max(0, min(diagnostic.location.column - 1, line.unicodeScalars.count))
            // Keep tabs in the padding so the caret lines up under tab-indented text.
            let padding = String(String.UnicodeScalarView(line.unicodeScalars.prefix(caretOffset).map {
                $0 == "\t" ? "\t" : " "
            }))
            output += "\(line)\n\(padding)^\n"
        }
        return output
    }

    func renderGitHub(_ diagnostic: Diagnostic) -> String {
        let command = diagnostic.severity == .note ? "notice" : diagnostic.severity.rawValue
        let location = diagnostic.location
        let message = diagnostic.message
            .replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
        return "::\(command) file=\(location.file),line=\(location.line),col=\(location.column),"
            + "title=\(diagnostic.code)::\(message)\n"
    }

    func renderJSON(_ diagnostics: [Diagnostic]) -> String {
        let items = diagnostics.map { diagnostic in
            let location = diagnostic.location
            return "    {\"file\": \(jsonString(location.file)), \"line\": \(location.line), "
                + "\"column\": \(location.column), \"severity\": \(jsonString(diagnostic.severity.rawValue)), "
                + "\"code\": \(jsonString(diagnostic.code)), \"message\": \(jsonString(diagnostic.message))}"
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let list = items.isEmpty ? "[]" : "[\n" + items.joined(separator: ",\n") + "\n  ]"
        return "{\n  \"diagnostics\": \(list),\n  \"errors\": \(errors),\n  \"warnings\": \(warnings)\n}\n"
    }

    func sourceLine(_ location: SourceLocation) -> String? {
        guard let text = sources[location.file], location.line >= 1 else { return nil }
        // Split on scalars: in a String "\r\n" is one Character and would never match "\n".
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line <= lines.count else { return nil }
        var line = lines[location.line - 1]
        if line.last == "\r" { line = line.dropLast() }
        return String(String.UnicodeScalarView(line))
    }
}

/// A JSON string literal with the escapes RFC 8259 requires.
public func jsonString(_ value: String) -> String {
    var result = "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case let control where control.value < 0x20:
            let hex = String(control.value, radix: 16)
            result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
