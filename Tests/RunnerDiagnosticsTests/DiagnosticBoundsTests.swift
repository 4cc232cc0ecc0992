import RunnerDiagnostics
import Testing

/// However many diagnostics a file has and however long its lines, a report stays short: a quoted line
/// is cut around the caret, and past ``DiagnosticRenderer/maximumPerFile`` a note counts the rest.
@Suite struct DiagnosticBoundsTests {
    /// `universe: [S0, S1, ...]` on one line, and an error at each symbol.
    static func universeLine(_ count: Int) -> (source: String, diagnostics: [Diagnostic]) {
        var line = "universe: ["
        var diagnostics: [Diagnostic] = []
        for index in 0..<count {
            if index > 0 { line += ", " }
            diagnostics.append(.error(at: SourceLocation(file: "s.yaml", line: 2, column: line.count + 1),
                                      code: "missing-sector", "symbol 'S\(index)' has no sector"))
            line += "S\(index)"
        }
        return ("strategy: s\n" + line + "]\n", diagnostics)
    }

    @Test(arguments: [1, 100, 101, 8_000])
    func atMostAHundredDiagnosticsOfAFileArePrinted(count: Int) {
        let (source, diagnostics) = Self.universeLine(count)
        let renderer = DiagnosticRenderer(sources: ["s.yaml": source])
        let text = renderer.render(diagnostics, format: .text)
        let messages = text.split(separator: "\n").filter { $0.hasPrefix("s.yaml:2:") }
        #expect(messages.count == min(count, 100))
        let hidden = count - min(count, 100)
        #expect(text.contains("s.yaml:1:1: note: \(hidden) more diagnostic") == (hidden > 0))
        if hidden > 0 { #expect(text.hasSuffix("(\(hidden) error\(hidden == 1 ? "" : "s")) not shown; only the first 100 of a file are printed\n")) }
        // Each quoted line is at most 160 characters and the marks of where it was cut.
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 166 })
        let github = renderer.render(diagnostics, format: .github)
        #expect(github.split(separator: "\n").count == min(count, 100) + (hidden > 0 ? 1 : 0))
        let json = renderer.render(diagnostics, format: .json)
        #expect(json.contains("\"errors\": \(count)"))
        #expect(json.contains("\"omitted\": \(hidden)") == (hidden > 0))
    }

    @Test func eachFileHasItsOwnAllowance() {
        let first = Self.universeLine(150).diagnostics
        let second = first.map { diagnostic in
            var moved = diagnostic
            moved.location.file = "t.yaml"
            return moved
        }
        let text = DiagnosticRenderer().render(first + second, format: .text)
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("s.yaml:2:") }.count == 100)
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("t.yaml:2:") }.count == 100)
        #expect(text.contains("s.yaml:1:1: note: 50 more diagnostics"))
        #expect(text.contains("t.yaml:1:1: note: 50 more diagnostics"))
    }

    @Test(arguments: [0, 1, 20, 3_000, 7_998, 7_999])
    func aLongLineIsQuotedAroundTheCaret(index: Int) throws {
        let (source, diagnostics) = Self.universeLine(8_000)
        let diagnostic = diagnostics[index]
        let text = DiagnosticRenderer(sources: ["s.yaml": source]).render([diagnostic], format: .text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let quoted = lines[1]
        let caret = try #require(lines[2].firstIndex(of: "^")).utf16Offset(in: lines[2])
        #expect(quoted.count <= 166)
        // The caret still points at the symbol the message names.
        let named = "S\(index)"
        let atCaret = String(quoted.dropFirst(caret).prefix(named.count))
        #expect(atCaret == named, "\(quoted)")
        #expect(quoted.hasPrefix("...") == (diagnostic.location.column > 80))
    }

    @Test func aShortLineIsQuotedWhole() {
        let (source, diagnostics) = Self.universeLine(3)
        let text = DiagnosticRenderer(sources: ["s.yaml": source]).render([diagnostics[2]], format: .text)
        #expect(text == "s.yaml:2:20: error: symbol 'S2' has no sector\nuniverse: [S0, S1, S2]\n                   ^\n")
    }
}
