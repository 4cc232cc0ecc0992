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

    /// The default ``aliasExpansionLimit``: far more than any config file writes out by hand.
    public static let defaultAliasExpansionLimit = 10_000
    /// The deepest nesting of lists and mappings a file may have.
    public static var maximumDepth: Int { YAMLTreeBuilder.maximumDepth }

    public init(aliasExpansionLimit: Int = defaultAliasExpansionLimit) {
        self.aliasExpansionLimit = aliasExpansionLimit
    }

    /// Parses UTF-8 text; `file` is the path written into every location.
    public func parse(_ text: String, file: String) -> YAMLParseResult {
        parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses raw bytes, so invalid UTF-8 is reported where it is rather than silently replaced.
    public func parse(bytes rawBytes: [UInt8], file: String) -> YAMLParseResult {
        // A UTF-8 byte order mark is invisible in editors; drop it so line 1 starts where they show it.
        let bytes = rawBytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(rawBytes.dropFirst(3)) : rawBytes
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
        let context = parser.context.map { String(cString: $0) }
        let problemLocation: SourceLocation
        if parser.error == YAML_READER_ERROR {
            problemLocation = YAMLPreflight.location(ofByte: parser.problem_offset, in: bytes, file: file)
        } else {
            problemLocation = SourceLocation(
                file: file, line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1)
        }
        let contextLocation = SourceLocation(
            file: file, line: parser.context_mark.line + 1, column: parser.context_mark.column + 1)
        if problem.contains("cannot start any token"),
            YAMLPreflight.character(at: problemLocation, in: bytes) == "\t"
        {
            return .error(at: problemLocation, code: "yaml-tab", "a tab is used for indentation; YAML allows only spaces there")
        }
        if let context, problem.contains("end of stream") {
            // An unterminated quote or bracket: the useful place is where it opened, not the end of the file.
            return .error(at: contextLocation, code: "yaml-syntax",
                          "YAML syntax error: \(problem) \(context); the one that starts here is never closed")
        }
        var message = "YAML syntax error: \(problem)"
        if let context {
            message += " \(context) (which starts at line \(contextLocation.line), column \(contextLocation.column))"
        }
        return .error(at: problemLocation, code: "yaml-syntax", message)
    }
}
