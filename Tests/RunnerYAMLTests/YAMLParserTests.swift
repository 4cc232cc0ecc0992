import RunnerDiagnostics
import Testing

@testable import RunnerYAML

@Suite struct YAMLParserTests {
    let parser = YAMLParser()

    func parse(_ text: String) -> YAMLParseResult { parser.parse(text, file: "test.yaml") }

    func messages(_ text: String) -> [String] { parse(text).diagnostics.map(\.description) }

    @Test func everyNodeCarriesItsStartAndEnd() throws {
        let result = parse("strategy: ma_cross\nuniverse: [AAPL, 'MSFT']\nrules:\n  long: fast > slow\n")
        let pairs = try #require(result.document?.mapping)
        #expect(pairs.map(\.keyText) == ["strategy", "universe", "rules"])
        #expect(pairs[0].value.range.start == SourceLocation(file: "test.yaml", line: 1, column: 11))
        #expect(pairs[0].value.range.end == SourceLocation(file: "test.yaml", line: 1, column: 19))
        let universe = try #require(pairs[1].value.sequence)
        #expect(universe[1].location == SourceLocation(file: "test.yaml", line: 2, column: 18))
        #expect(universe[1].scalar == YAMLScalar("MSFT", style: .singleQuoted))
        let long = try #require(pairs[2].value.mapping?.first)
        #expect(long.key.location == SourceLocation(file: "test.yaml", line: 4, column: 3))
        #expect(long.value.scalar?.value == "fast > slow")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let result = parse("name: \"é€\"\nnext: 1\nother: é€ x\n")
        let pairs = try #require(result.document?.mapping)
        #expect(pairs[2].value.range.start.column == 8)
        #expect(pairs[2].value.range.end.column == 12)
    }

    @Test func duplicateKeyIsReportedAtItsSecondOccurrence() {
        #expect(messages("a: 1\nb: 2\na: 3\n") == [
            "test.yaml:3:1: error: the key 'a' appears twice in this mapping; it was first set at line 1, column 1"
        ])
    }

    @Test func mergeKeysCopyMissingKeysAndExplicitKeysWin() throws {
        let text = "base: &base {latency: 50ms, slippage: 2bps}\nbroker:\n  <<: *base\n  slippage: 5bps\n"
        let broker = try #require(parse(text).document?.mapping?[1].value.mapping)
        #expect(broker.map(\.keyText) == ["slippage", "latency"])
        #expect(broker[0].value.scalar?.value == "5bps")
    }

    @Test func mergeOfAScalarIsAnError() {
        #expect(messages("a:\n  <<: 3\n") == [
            "test.yaml:2:7: error: a merge key ('<<') takes a mapping or a list of mappings, found the scalar '3'"
        ])
    }

    @Test func aliasesExpandToCopiesOfTheAnchoredNode() throws {
        let pairs = try #require(parse("x: &v [1, 2]\ny: *v\n").document?.mapping)
        #expect(pairs[1].value.sequence?.count == 2)
    }

    @Test func billionLaughsIsRefusedQuickly() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(refs)]")
        }
        let result = parse(lines.joined(separator: "\n") + "\n")
        #expect(result.document == nil)
        #expect(result.diagnostics.map(\.code) == ["yaml-alias-limit"])
    }

    @Test func unknownAliasIsAnError() {
        #expect(parse("a: *missing\n").diagnostics.map(\.code) == ["yaml-unknown-alias"])
    }

    @Test func tabIndentationNamesTheTab() {
        #expect(messages("a:\n\tb: 1\n") == [
            "test.yaml:2:1: error: a tab is used for indentation; YAML allows only spaces there"
        ])
    }

    @Test func unterminatedQuoteIsReportedWhereItOpens() {
        #expect(messages("a: 1\nb: \"open\nc: 2\n") == [
            "test.yaml:2:4: error: YAML syntax error: found unexpected end of stream while scanning a quoted scalar; "
                + "the one that starts here is never closed"
        ])
    }

    @Test func tabsInsideABlockScalarAreText() throws {
        let pairs = try #require(parse("a: |\n  x\n  \ty\nb: 1\n").document?.mapping)
        #expect(pairs[0].value.scalar?.value == "x\n\ty\n")
    }

    @Test func aByteOrderMarkIsIgnored() throws {
        let result = parser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("environment: paper\n".utf8), file: "bom.yaml")
        #expect(result.diagnostics.isEmpty)
        #expect(result.document?.mapping?.first?.key.location == RunnerDiagnostics.SourceLocation(file: "bom.yaml", line: 1, column: 1))
    }

    @Test func deepNestingIsRefusedInsteadOfOverflowingTheStack() {
        let text = "restricted: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        let result = parse(text)
        #expect(result.document == nil)
        #expect(result.diagnostics.map(\.code) == ["yaml-too-deep"])
    }

    @Test func badIndentationIsASyntaxError() throws {
        let diagnostic = try #require(parse("a:\n  b: 1\n c: 2\n").diagnostics.first)
        #expect(diagnostic.code == "yaml-syntax")
        #expect(diagnostic.location.line == 3)
    }

    @Test func invalidUTF8IsReportedWhereItIs() throws {
        var bytes = Array("a: 1\nb: x".utf8)
        bytes.append(0xFF)
        let result = parser.parse(bytes: bytes, file: "bad.yaml")
        #expect(result.diagnostics.map(\.description) == [
            "bad.yaml:2:5: error: the file is not valid UTF-8: byte 0xFF cannot appear here; save it as UTF-8"
        ])
    }

    @Test func emptyFileHasNoDocumentAndNoError() {
        let result = parse("")
        #expect(result.document == nil)
        #expect(result.diagnostics.isEmpty)
    }

    @Test func twoDocumentsAreRefused() {
        #expect(parse("a: 1\n---\nb: 2\n").diagnostics.map(\.code) == ["yaml-multiple-documents"])
    }

    @Test func nullSpellingsAreRecognised() throws {
        let pairs = try #require(parse("a: ~\nb:\nc: null\nd: 'null'\n").document?.mapping)
        #expect(pairs.map(\.value.isNull) == [true, true, true, false])
    }
}
