import RunnerDiagnostics
import RunnerExpressions
import Testing

/// One syntax error case: the text (starting at line 3, column 9) and what the parser must report.
struct SyntaxCase: CustomTestStringConvertible, Sendable {
    var text: String
    var expected: [Expected]
    var testDescription: String { "'\(text)'" }

    init(_ text: String, _ expected: Expected...) {
        self.text = text
        self.expected = expected
    }
}

@Suite("Syntax diagnostics")
struct ParserDiagnosticTests {
    static let cases: [SyntaxCase] = [
        SyntaxCase("", Expected(.empty, "the expression is empty", column: 9)),
        SyntaxCase("   ", Expected(.empty, "the expression is empty", column: 12)),
        SyntaxCase("fast $ slow", Expected(.unexpectedCharacter, "unexpected character '$' in expression", column: 14)),
        SyntaxCase(
            "close > 5%",
            Expected(
                .unexpectedCharacter,
                "unexpected character '%' in expression; percentages are not supported, write 0.05 for 5%",
                column: 18)),
        SyntaxCase(
            "close ^ 2",
            Expected(
                .unexpectedCharacter,
                "unexpected character '^' in expression; there is no power operator, multiply instead",
                column: 15)),
        SyntaxCase(
            "fast >",
            Expected(.syntax, "expected an operand after '>', but the expression ends there", column: 14)),
        SyntaxCase("fast > * slow", Expected(.syntax, "expected an operand after '>', found '*'", column: 16)),
        SyntaxCase("* slow", Expected(.syntax, "expected an operand, found '*'", column: 9)),
        SyntaxCase("ema(close, )", Expected(.syntax, "expected an operand after ',', found ')'", column: 20)),
        SyntaxCase("()", Expected(.syntax, "expected an operand after '(', found ')'", column: 10)),
        SyntaxCase(
            "fast slow",
            Expected(
                .syntax,
                "unexpected 'slow' after 'fast'; expected an operator such as '+', '>' or 'and' between operands",
                column: 14)),
        SyntaxCase(
            "a < b < c",
            Expected(
                .syntax, "comparisons cannot be chained; write 'a < b and b < c' instead of 'a < b < c'", column: 15)),
        SyntaxCase(
            "a == b != c + 1",
            Expected(
                .syntax, "comparisons cannot be chained; write 'a == b and b != c + 1' instead of 'a == b != c + 1'",
                column: 16)),
        SyntaxCase(
            "ema(close, 12",
            Expected(
                .unbalancedBrackets, "this '(' is never closed; expected ')' before the end of the expression",
                column: 12)),
        SyntaxCase(
            "(fast - slow",
            Expected(
                .unbalancedBrackets, "this '(' is never closed; expected ')' before the end of the expression",
                column: 9)),
        SyntaxCase(
            "close[1",
            Expected(
                .unbalancedBrackets, "this '[' is never closed; expected ']' before the end of the expression",
                column: 14)),
        SyntaxCase(
            "fast + slow)",
            Expected(.unbalancedBrackets, "unmatched ')': there is no open '(' for it to close", column: 20)),
        SyntaxCase(
            "close]", Expected(.unbalancedBrackets, "unmatched ']': there is no open '[' for it to close", column: 14)),
        SyntaxCase(
            "(close]",
            Expected(.unbalancedBrackets, "expected ')' to close the '(' at column 9, found ']'", column: 15)),
        SyntaxCase("(a b)", Expected(.syntax, "expected ')' to close the '(' at column 9, found 'b'", column: 12)),
        SyntaxCase(
            "ema(close 12)",
            Expected(.syntax, "expected ',' or ')' after argument 1 of 'ema', found '12'", column: 19)),
        SyntaxCase(
            "x.", Expected(.syntax, "expected an output name after '.', found the end of the expression", column: 11)),
        SyntaxCase("x.1", Expected(.syntax, "expected an output name after '.', found '1'", column: 11)),
        SyntaxCase(
            "fast = slow", Expected(.operatorSpelling, "use '==' instead of '=' to compare for equality", column: 14)),
        SyntaxCase(
            "a && b || !c",
            Expected(.operatorSpelling, "use 'and' instead of '&&'", column: 11),
            Expected(.operatorSpelling, "use 'or' instead of '||'", column: 16),
            Expected(.operatorSpelling, "use 'not' instead of '!'", column: 19)),
        SyntaxCase("a <> b", Expected(.operatorSpelling, "use '!=' instead of '<>'", column: 11)),
        SyntaxCase(
            "12abc",
            Expected(.invalidNumber, "'12abc' is not a valid number; a name must start with a letter or '_'", column: 9)
        ),
        SyntaxCase("1e999", Expected(.invalidNumber, "the number 1e999 is too large to be represented", column: 9)),
        SyntaxCase(
            "fast = $",
            Expected(.operatorSpelling, "use '==' instead of '=' to compare for equality", column: 14),
            Expected(.unexpectedCharacter, "unexpected character '$' in expression", column: 16)),
    ]

    @Test("Each syntax error is reported at the offending token with its code", arguments: cases)
    func syntaxErrorIsReported(_ syntaxCase: SyntaxCase) {
        let result = parse(syntaxCase.text)
        #expect(result.expression == nil)
        #expect(result.diagnostics.summary == syntaxCase.expected)
        #expect(result.diagnostics.allSatisfy { $0.severity == .error && $0.location.file == testFile })
    }

    @Test("A syntax error on a later line of a folded expression reports that line")
    func syntaxErrorOnLaterLine() {
        let result = ExpressionParser.parse("fast > slow and\n  rsi <", origin: location(line: 7, column: 11))
        #expect(
            result.diagnostics.summary == [
                Expected(.syntax, "expected an operand after '<', but the expression ends there", line: 8, column: 7)
            ])
    }

    @Test("An opening parenthesis on an earlier line is named with its line")
    func unclosedParenthesisOnEarlierLineNamesTheLine() {
        let result = ExpressionParser.parse("(fast\n  slow)", origin: location(line: 7, column: 11))
        #expect(
            result.diagnostics.summary == [
                Expected(
                    .syntax, "expected ')' to close the '(' at line 7, column 11, found 'slow'", line: 8, column: 3)
            ])
    }

    @Test("Reserved words cannot be used as names")
    func reservedWordsAreNotNames() {
        let result = parse("and > 1")
        #expect(result.diagnostics.summary == [Expected(.syntax, "expected an operand, found 'and'", column: 9)])
    }

    @Test("A parse with no diagnostics gives an expression, and one with diagnostics gives none")
    func expressionExactlyWhenNoDiagnostics() {
        #expect(parse("fast > slow").expression != nil)
        #expect(parse("fast > slow").diagnostics.isEmpty)
        #expect(parse("fast = slow").expression == nil)
    }
}
