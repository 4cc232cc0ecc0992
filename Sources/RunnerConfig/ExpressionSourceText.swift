import RunnerDiagnostics
import RunnerYAML

/// Finds the text an expression parser should read for a YAML scalar, and where its first character is,
/// so diagnostics inside multi-line expressions land on the right line and column.
///
/// libyaml hands over a scalar's *value*: a multi-line plain or folded scalar has its line breaks and
/// indentation folded away, which would shift every later column. For those, the parser reads the raw
/// source lines instead (line breaks and indentation are only whitespace to it).
struct ExpressionSourceText {
    private let lines: [[Unicode.Scalar]]

    init(_ source: String) {
        lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? Array(line.dropLast()) : Array(line)
        }
    }

    func text(of node: YAMLNode, _ scalar: YAMLScalar) -> (text: String, origin: SourceLocation) {
        let start = node.range.start
        let end = node.range.end
        let valueOrigin = start.advanced(byColumns: scalar.contentColumnOffset)
        switch scalar.style {
        case .plain where end.line > start.line:
            return (slice(from: start, to: end), start)
        case .doubleQuoted where end.line > start.line && !scalar.value.contains("\\"),
            .singleQuoted where end.line > start.line && !scalar.value.contains("'"):
            let inner = slice(from: valueOrigin, to: end.advanced(byColumns: -1))
            return (inner, valueOrigin)
        case .literal, .folded:
            // The header line (`|` or `>`) holds no expression text; the content starts on the next line.
            let lastLine = end.column == 1 ? end.line - 1 : end.line
            guard start.line + 1 <= lastLine, lastLine <= lines.count else { return (scalar.value, valueOrigin) }
            let content = lines[start.line..<lastLine].map { String(String.UnicodeScalarView($0)) }
            return (content.joined(separator: "\n"), SourceLocation(file: start.file, line: start.line + 1, column: 1))
        default:
            // One line (or escapes that make the raw text differ from the value): the value, from its first column.
            return (scalar.value, valueOrigin)
        }
    }

    /// The source text from `start` up to (not including) `end`, line breaks kept.
    private func slice(from start: SourceLocation, to end: SourceLocation) -> String {
        guard start.line >= 1, end.line <= lines.count, start.line <= end.line else { return "" }
        var pieces: [String] = []
        for line in start.line...end.line {
            let scalars = lines[line - 1]
            let from = line == start.line ? min(max(0, start.column - 1), scalars.count) : 0
            let to = line == end.line ? min(max(from, end.column - 1), scalars.count) : scalars.count
            pieces.append(String(String.UnicodeScalarView(scalars[from..<to])))
        }
        return pieces.joined(separator: "\n")
    }
}
