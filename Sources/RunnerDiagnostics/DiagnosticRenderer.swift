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
///
/// Output stays in proportion to what a person can act on, whatever the input: at most
/// ``maximumPerFile`` diagnostics of a file are printed (then a note says how many more there are), and a
/// quoted source line is cut to ``widestQuotedLine`` characters around the caret. Each file's lines are
/// indexed once, so rendering is linear in the diagnostics and the sources.
public struct DiagnosticRenderer: Sendable {
    /// The most diagnostics printed for one file: past a hundred, the rest are the same few mistakes
    /// again, and a hostile file could otherwise make the report as large as its lines times its errors.
    public static let maximumPerFile = 100
    /// The most characters of a source line quoted under a message: a line of 55 KB (a universe of
    /// thousands of symbols on one line) is shown as the part around the caret.
    public static let widestQuotedLine = 160

    /// File contents by the path used in the diagnostics, for the source line under each message.
    public var sources: [String: String]

    public init(sources: [String: String] = [:]) {
        self.sources = sources
    }

    public func render(_ diagnostics: [Diagnostic], format: DiagnosticFormat) -> String {
        var shownPerFile: [String: Int] = [:]
        var omitted: [(file: String, errors: Int, warnings: Int, notes: Int)] = []
        var omittedIndex: [String: Int] = [:]
        var shown: [Diagnostic] = []
        for diagnostic in diagnostics {
            let file = diagnostic.location.file
            let count = shownPerFile[file, default: 0]
            guard count >= Self.maximumPerFile else {
                shownPerFile[file] = count + 1
                shown.append(diagnostic)
                continue
            }
            let slot = omittedIndex[file] ?? {
                omitted.append((file, 0, 0, 0))
                omittedIndex[file] = omitted.count - 1
                return omitted.count - 1
            }()
            switch diagnostic.severity {
            case .error: omitted[slot].errors += 1
            case .warning: omitted[slot].warnings += 1
            case .note: omitted[slot].notes += 1
            }
        }
        let notes = omitted.map { file, errors, warnings, notes in
            let total = errors + warnings + notes
            let parts = [(errors, "error"), (warnings, "warning"), (notes, "note")].filter { $0.0 > 0 }
                .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }.joined(separator: ", ")
            return Diagnostic(
                .note, at: SourceLocation(file: file, line: 1, column: 1), code: "diagnostics-omitted",
                "\(total) more diagnostic\(total == 1 ? "" : "s") in this file (\(parts)) not shown; only the first "
                    + "\(Self.maximumPerFile) of a file are printed")
        }
        switch format {
        case .text:
            var lines = SourceLines(sources: sources)
            return (shown.map { renderText($0, lines: &lines) } + notes.map { "\($0)\n" }).joined()
        case .json: return renderJSON(shown, all: diagnostics, omitted: notes)
        case .github: return (shown + notes).map(renderGitHub).joined()
        }
    }

    /// The message line, then the source line and a caret (when the source is known).
    public func renderText(_ diagnostic: Diagnostic) -> String {
        var lines = SourceLines(sources: sources)
        return renderText(diagnostic, lines: &lines)
    }

    private func renderText(_ diagnostic: Diagnostic, lines: inout SourceLines) -> String {
        var output = "\(diagnostic)\n"
        if var line = lines.line(diagnostic.location) {
            var caretOffset = max(0, min(diagnostic.location.column - 1, line.count))
            if line.count > Self.widestQuotedLine {
                // The part of the line around the caret, marked where it was cut.
                let width = Self.widestQuotedLine
                let start = max(0, min(caretOffset - width / 2, line.count - width))
                let end = start + width
                let head: [Unicode.Scalar] = start > 0 ? [".", ".", "."] : []
                let tail: [Unicode.Scalar] = end < line.count ? [".", ".", "."] : []
                line = head + line[start..<end] + tail
                caretOffset = caretOffset - start + head.count
            }
            // Keep tabs in the padding so the caret lines up under tab-indented text.
            let padding = String(String.UnicodeScalarView(line.prefix(caretOffset).map { $0 == "\t" ? "\t" : " " }))
            output += "\(String(String.UnicodeScalarView(line)))\n\(padding)^\n"
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

    /// Counts every diagnostic, lists the shown ones; `omitted` appears only when some are left out.
    func renderJSON(_ diagnostics: [Diagnostic], all: [Diagnostic]? = nil, omitted: [Diagnostic] = []) -> String {
        let items = (diagnostics + omitted).map { diagnostic in
            let location = diagnostic.location
            return "    {\"file\": \(jsonString(location.file)), \"line\": \(location.line), "
                + "\"column\": \(location.column), \"severity\": \(jsonString(diagnostic.severity.rawValue)), "
                + "\"code\": \(jsonString(diagnostic.code)), \"message\": \(jsonString(diagnostic.message))}"
        }
        let counted = all ?? diagnostics
        let errors = counted.filter { $0.severity == .error }.count
        let warnings = counted.filter { $0.severity == .warning }.count
        let list = items.isEmpty ? "[]" : "[\n" + items.joined(separator: ",\n") + "\n  ]"
        let omittedCount = counted.count - diagnostics.count
        let omittedMember = omittedCount > 0 ? ",\n  \"omitted\": \(omittedCount)" : ""
        return "{\n  \"diagnostics\": \(list),\n  \"errors\": \(errors),\n  \"warnings\": \(warnings)\(omittedMember)\n}\n"
    }

    func sourceLine(_ location: SourceLocation) -> String? {
        var lines = SourceLines(sources: sources)
        return lines.line(location).map { String(String.UnicodeScalarView($0)) }
    }
}

/// The lines of each source, split once per file on first use (`\r\n` and `\n` both end a line).
struct SourceLines {
    let sources: [String: String]
    private var split: [String: [ArraySlice<Unicode.Scalar>]] = [:]

    init(sources: [String: String]) { self.sources = sources }

    mutating func line(_ location: SourceLocation) -> [Unicode.Scalar]? {
        guard location.line >= 1 else { return nil }
        if split[location.file] == nil {
            guard let text = sources[location.file] else { return nil }
            // Split on scalars: in a String "\r\n" is one Character and would never match "\n".
            split[location.file] = Array(text.unicodeScalars).split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = split[location.file], location.line <= lines.count else { return nil }
        var line = lines[location.line - 1]
        if line.last == "\r" { line = line.dropLast() }
        return Array(line)
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
