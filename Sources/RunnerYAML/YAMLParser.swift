import CYAML
import RunnerDiagnostics

/// The outcome of parsing one file: its single document (nil when the file is empty or broken)
/// and every problem found.
public struct YAMLParseResult: Sendable {
    public var document: YAMLNode?
    public var diagnostics: [Diagnostic]
}

/// Builds a located node tree from libyaml's event parser.
///
/// libyaml does the tokenising (and so owns YAML's grammar); this layer adds what a config loader
/// needs on top: positions on every node, duplicate-key detection, merge keys, and a cap on alias
/// expansion so a "billion laughs" file ends with a diagnostic instead of exhausting memory.
public struct YAMLParser: Sendable {
    /// The most nodes that alias expansion may add to one document.
    public var aliasExpansionLimit: Int

    public init(aliasExpansionLimit: Int = 10_000) {
        self.aliasExpansionLimit = aliasExpansionLimit
    }

    /// Parses UTF-8 text; `file` is the path written into every location.
    public func parse(_ text: String, file: String) -> YAMLParseResult {
        parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses raw bytes, so invalid UTF-8 is reported where it is rather than silently replaced.
    public func parse(bytes: [UInt8], file: String) -> YAMLParseResult {
        let preflight = YAMLPreflight(bytes: bytes, file: file)
        let problems = preflight.problems()
        if !problems.isEmpty {
            return YAMLParseResult(document: nil, diagnostics: problems)
        }
        var builder = YAMLTreeBuilder(file: file, aliasExpansionLimit: aliasExpansionLimit)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            let start = SourceLocation(file: file, line: 1, column: 1)
            return YAMLParseResult(
                document: nil,
                diagnostics: [.error(at: start, code: "yaml-internal", "libyaml could not allocate a parser")]
            )
        }
        defer { yaml_parser_delete(&parser) }
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while !builder.isFinished {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    builder.fail(syntaxError(parser, file: file, bytes: buffer))
                    break
                }
                builder.handle(event)
                yaml_event_delete(&event)
            }
        }
        return builder.result()
    }

    private func syntaxError(
        _ parser: yaml_parser_t, file: String, bytes: UnsafeBufferPointer<UInt8>
    ) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        let location: SourceLocation
        if parser.error == YAML_READER_ERROR {
            location = YAMLPreflight.location(ofByte: parser.problem_offset, in: bytes, file: file)
        } else {
            location = SourceLocation(
                file: file, line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1)
        }
        var message = "YAML syntax error: \(problem)"
        if let context = parser.context.map({ String(cString: $0) }) {
            let line = parser.context_mark.line + 1
            let column = parser.context_mark.column + 1
            message += " \(context) (which starts at line \(line), column \(column))"
        }
        return .error(at: location, code: "yaml-syntax", message + "")
    }
}
