import RunnerDiagnostics
import RunnerExpressions
import Testing

@Suite("Higher timeframes: the '@' syntax")
struct TimeframeSyntaxTests {
    @Test(
        "A timeframe is a positive whole number and a unit",
        arguments: [
            ("15m", 900_000), ("1h", 3_600_000), ("4h", 14_400_000), ("1d", 86_400_000), ("90s", 90_000),
            ("250ms", 250), ("60m", 3_600_000),
        ] as [(String, Int64)])
    func timeframesRead(text: String, milliseconds: Int64) throws {
        let timeframe = try #require(Timeframe(text))
        #expect(timeframe.milliseconds == milliseconds)
        #expect(timeframe.description == text)
    }

    @Test(
        "Anything else is not a timeframe",
        arguments: ["", "h", "0h", "1x", "1H", "-1h", "1.5h", "1 h", "h1", "99999999999d"])
    func malformedTimeframes(text: String) {
        #expect(Timeframe(text) == nil)
    }

    @Test("A length is spoken in the largest unit that divides it", arguments: [
        (300_000, "5m"), (3_600_000, "1h"), (5_400_000, "90m"), (86_400_000, "1d"), (1_500, "1500ms"),
    ] as [(Int64, String)])
    func spokenLengths(milliseconds: Int64, text: String) {
        #expect(Timeframe.spoken(milliseconds: milliseconds) == text)
    }

    @Test(
        "'@' binds like the look-back: tighter than any operator, applied left to right with '[n]' and '.field'",
        arguments: [
            ("close@1h", "(@ close 1h)"),
            ("(high + low)@1h", "(@ (+ high low) 1h)"),
            ("rsi(close, 14)@1h", "(@ (rsi close 14) 1h)"),
            ("atr(14)@1h", "(@ (atr 14) 1h)"),
            ("close@1h[1]", "([] (@ close 1h) 1)"),
            ("close[1]@1h", "(@ ([] close 1) 1h)"),
            ("-close@1h", "(- (@ close 1h))"),
            ("close - close@4h", "(- close (@ close 4h))"),
            ("ema(close@1h, 20)", "(ema (@ close 1h) 20)"),
            ("bbands(close, 20, 2)@4h.upper", "(. (@ (bbands close 20 2) 4h) upper)"),
            ("close @1d", "(@ close 1d)"),
        ])
    func precedence(input: String, expectedShape: String) throws {
        let expression = try #require(parsed(input))
        #expect(shape(expression) == expectedShape)
    }

    @Test(
        "The description prints '@' back as written, parenthesising only what needs it",
        arguments: [
            ("(high+low)@1h", "(high + low)@1h"),
            ("rsi(close,14)@1h", "rsi(close, 14)@1h"),
            ("close@1h[1]", "close@1h[1]"),
            ("ema(close@1h,20)", "ema(close@1h, 20)"),
            ("(-close)@1h", "(-close)@1h"),
            ("close @60m", "close@60m"),
            ("bbands(close,20,2)@4h.upper", "bbands(close, 20, 2)@4h.upper"),
        ])
    func roundTrip(input: String, canonical: String) throws {
        let expression = try #require(parsed(input))
        #expect(expression.description == canonical)
        let reparsed = try #require(parsed(canonical))
        #expect(shape(reparsed) == shape(expression))
    }

    @Test("The node covers the operand and the timeframe; its '@' range covers '@1h' alone")
    func ranges() throws {
        let expression = try #require(parsed("close@1h > 1"))
        guard case .binary(_, let left, _, _) = expression.kind, case .timeframe(_, _, let atRange) = left.kind else {
            Issue.record("unexpected shape \(shape(expression))")
            return
        }
        #expect(left.range.start.column == 9)
        #expect(left.range.end.column == 17)
        #expect(atRange.start.column == 14)
        #expect(atRange.end.column == 17)
        #expect(expression.timeframeReferences.map(\.timeframe.text) == ["1h"])
    }

    static let malformed: [SyntaxCase] = [
        SyntaxCase(
            "close@",
            Expected(
                .invalidTimeframe,
                "expected a timeframe after '@'; write a whole number and a unit (ms, s, m, h or d) right after '@', "
                    + "as in 'close@1h'", column: 14)),
        SyntaxCase(
            "close@ 1h > 0",
            Expected(.invalidTimeframe, "write the timeframe right after '@', without a space: '@1h'", column: 14)),
        SyntaxCase(
            "close > close@1x",
            Expected(
                .invalidTimeframe,
                "'1x' is not a timeframe; write a whole number and a unit (ms, s, m, h or d) right after '@', "
                    + "as in 'close@1h'", column: 22)),
        SyntaxCase(
            "close@0h",
            Expected(
                .invalidTimeframe,
                "'0h' is not a timeframe; write a whole number and a unit (ms, s, m, h or d) right after '@', "
                    + "as in 'close@1h'", column: 14)),
        SyntaxCase(
            "close@hour",
            Expected(
                .invalidTimeframe,
                "'hour' is not a timeframe; write a whole number and a unit (ms, s, m, h or d) right after '@', "
                    + "as in 'close@1h'", column: 14)),
        SyntaxCase("@1h", Expected(.syntax, "expected an operand, found '@1h'", column: 9)),
        SyntaxCase("close + @1h", Expected(.syntax, "expected an operand after '+', found '@1h'", column: 17)),
    ]

    @Test("A malformed timeframe is reported at its '@'", arguments: malformed)
    func malformedTimeframeIsReported(_ syntaxCase: SyntaxCase) {
        let result = parse(syntaxCase.text)
        #expect(result.expression == nil)
        #expect(result.diagnostics.summary == syntaxCase.expected)
    }
}
