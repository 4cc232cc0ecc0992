import RunnerDiagnostics
import RunnerExpressions
import Testing

@Suite("Parsing and printing back")
struct ParserRoundTripTests {
    @Test(
        "The description prints an expression canonically",
        arguments: [
            ("ema(close,12)", "ema(close, 12)"),
            ("(a+b)*c", "(a + b) * c"),
            ("a+b*c", "a + b * c"),
            ("a-(b-c)", "a - (b - c)"),
            ("(a-b)-c", "a - b - c"),
            ("a/(b*c)", "a / (b * c)"),
            ("a or b and c", "a or b and c"),
            ("(a or b) and c", "(a or b) and c"),
            ("a and (b and c)", "a and (b and c)"),
            ("not a and b", "not a and b"),
            ("not (a and b)", "not (a and b)"),
            ("not not a", "not not a"),
            ("-a*b", "-a * b"),
            ("-(a*b)", "-(a * b)"),
            ("- -a", "--a"),
            ("a - -b", "a - -b"),
            ("bbands(close,20,2).upper", "bbands(close, 20, 2).upper"),
            ("macd(close,12,26,9).signal[1]", "macd(close, 12, 26, 9).signal[1]"),
            ("(a+b)[1]", "(a + b)[1]"),
            ("-close[1]", "-close[1]"),
            ("(a < b) == c", "(a < b) == c"),
            ("a == (b < c)", "a == (b < c)"),
            ("a == not b", "a == (not b)"),
            ("trange()", "trange()"),
            ("12", "12"),
            ("0.5", "0.5"),
            ("2.0", "2.0"),
            ("1e-3", "0.001"),
            ("1E+2", "100.0"),
            ("true or false", "true or false"),
            ("fast >\n    slow", "fast > slow"),
            ("crosses_below(fast, slow) or close < close[1]", "crosses_below(fast, slow) or close < close[1]"),
            ("clamp(abs(fast - slow) / vol, 0, 1)", "clamp(abs(fast - slow) / vol, 0, 1)"),
        ])
    func descriptionIsCanonical(input: String, canonical: String) throws {
        let expression = try #require(parsed(input))
        #expect(expression.description == canonical)
        let reparsed = try #require(parsed(canonical))
        #expect(shape(reparsed) == shape(expression))
    }

    @Test(
        "Operators bind from loosest to tightest: or, and, not, comparison, + -, * /, unary -, postfix",
        arguments: [
            ("a or b and c", "(or a (and b c))"),
            ("a and b or c", "(or (and a b) c)"),
            ("not a and b", "(and (not a) b)"),
            ("not a < b", "(not (< a b))"),
            ("a < b + c", "(< a (+ b c))"),
            ("a + b * c", "(+ a (* b c))"),
            ("a - b - c", "(- (- a b) c)"),
            ("a / b / c", "(/ (/ a b) c)"),
            ("-a * b", "(* (- a) b)"),
            ("-a[1]", "(- ([] a 1))"),
            ("-f(x).k", "(- (. (f x) k))"),
            ("a[1][2]", "([] ([] a 1) 2)"),
            ("a or b or c", "(or (or a b) c)"),
            ("a == b and c != d", "(and (== a b) (!= c d))"),
            ("x[k + 1]", "([] x (+ k 1))"),
        ])
    func precedenceAndAssociativity(input: String, expected: String) throws {
        let expression = try #require(parsed(input))
        #expect(shape(expression) == expected)
    }

    @Test("Number literals remember whether they were written as integers")
    func numberLiteralsRememberIntegerSpelling() throws {
        #expect(try #require(parsed("12")).kind == .number(12, isInteger: true))
        #expect(try #require(parsed("12.0")).kind == .number(12, isInteger: false))
        #expect(try #require(parsed("1e3")).kind == .number(1000, isInteger: false))
        #expect(try #require(parsed("true")).kind == .boolean(true))
    }

    @Test("Every node carries the range it was written at, counted from the origin")
    func nodesCarryTheirRanges() throws {
        let expression = try #require(parsed("fast > ema(close, 12)"))
        #expect(expression.range.start == location(column: 9))
        #expect(expression.range.end == location(column: 30))
        guard case .binary(.greater, let left, let right, let operatorRange) = expression.kind else {
            Issue.record("expected a comparison, got \(shape(expression))")
            return
        }
        #expect(left.range == SourceRange(start: location(column: 9), end: location(column: 13)))
        #expect(operatorRange.start == location(column: 14))
        guard case .call("ema", let nameRange, let arguments) = right.kind else {
            Issue.record("expected a call, got \(shape(right))")
            return
        }
        #expect(nameRange == SourceRange(start: location(column: 16), end: location(column: 19)))
        #expect(arguments.map(\.location.column) == [20, 27])
    }

    @Test("A newline moves to the next line and restarts the column at 1")
    func newlinesRestartTheColumn() throws {
        let expression = try #require(parsed("fast >\n  slow"))
        guard case .binary(_, _, let right, _) = expression.kind else {
            Issue.record("expected a comparison, got \(shape(expression))")
            return
        }
        #expect(right.location == location(line: 4, column: 3))
        #expect(expression.range.end == location(line: 4, column: 7))
    }

    @Test("Columns count Unicode scalars, so a character outside ASCII takes one column")
    func columnsCountUnicodeScalars() {
        let result = parse("fast > × 2")
        #expect(
            result.diagnostics.summary == [
                Expected(.unexpectedCharacter, "unexpected character '×' in expression", column: 16)
            ])
    }

    @Test("Parentheses leave no node behind")
    func parenthesesLeaveNoNode() throws {
        let expression = try #require(parsed("((close))"))
        #expect(expression.kind == .identifier("close"))
        #expect(expression.location.column == 11)
    }
}
