import RunnerDiagnostics
import RunnerExpressions
import Testing

/// Checks `text` (at line 3, column 9) on a 5-minute strategy whose `h4` indicator reads `close@4h`.
func checkOnFiveMinutes(_ text: String, expecting expected: ValueType? = nil) -> CheckedExpression {
    var environment = sampleEnvironment()
    environment.baseTimeframe = 300_000
    environment.declare("h4", as: .number, readingTimeframes: [14_400_000])
    return TypeChecker(catalog: .standard, environment: environment)
        .check(text, origin: location(), expecting: expected, role: "rule 'long'")
}

@Suite("Higher timeframes: type checks")
struct TimeframeCheckTests {
    @Test(
        "'x@tf' has the type of x",
        arguments: [
            ("close@1h", ValueType.number), ("(close > open)@1h", .boolean), ("rsi(close, 14)@1h", .number),
            ("bbands(close, 20, 2)@1h.upper", .number),
            ("bbands(close, 20, 2)@1h", .record(fields: ["upper", "middle", "lower"])),
            ("close@1h[1] < close@1h", .boolean), ("ema(close@1h, 20) > close@4h", .boolean), ("fast@1h", .number),
            ("(close@1h)@1h", .number), ("h4@4h - h4", .number), ("atr(14)@1d", .number), ("close@10m", .number),
        ])
    func validTimeframes(text: String, type: ValueType) {
        let result = checkOnFiveMinutes(text)
        #expect(result.diagnostics.summary == [])
        #expect(result.type == type)
    }

    static let problems: [CheckCase] = [
        CheckCase(
            "close@5m > 1",
            Expected(
                .timeframeMismatch,
                "'@5m' is not longer than the strategy's timeframe (5m); '@' reads a higher timeframe built from 5m "
                    + "bars, such as @1h", column: 14)),
        CheckCase(
            "close > close@1m",
            Expected(
                .timeframeMismatch,
                "'@1m' is not longer than the strategy's timeframe (5m); '@' reads a higher timeframe built from 5m "
                    + "bars, such as @1h", column: 22)),
        CheckCase(
            "ema(close@7m, 3)",
            Expected(
                .timeframeMismatch,
                "'@7m' is not a whole multiple of the strategy's timeframe (5m), so its bars cannot be built from 5m "
                    + "bars; use a multiple such as @10m", column: 18)),
        CheckCase(
            "close@13m",
            Expected(
                .timeframeMismatch,
                "'@13m' is not a whole multiple of the strategy's timeframe (5m), so its bars cannot be built from 5m "
                    + "bars; use a multiple such as @10m or @15m", column: 14)),
        CheckCase(
            "(close@4h)@1h",
            Expected(
                .nestedTimeframe,
                "'close@4h' reads @4h but is itself evaluated on @1h bars; a timeframe cannot be read inside another "
                    + "one, so apply each '@' to the part it belongs to, as in 'close@1h > close@4h'", column: 19)),
        CheckCase(
            "ema(h4, 3)@1h > 0",
            Expected(
                .nestedTimeframe,
                "'ema(h4, 3)' reads @4h but is itself evaluated on @1h bars; a timeframe cannot be read inside "
                    + "another one, so apply each '@' to the part it belongs to, as in 'close@1h > close@4h'",
                column: 19)),
        CheckCase(
            "close@1h.upper",
            Expected(
                .fieldOnNonRecord,
                "'close@1h' is a number and has no outputs, so '.upper' cannot be used; only multi-output indicators "
                    + "such as macd, bbands and stoch have them", column: 18)),
        CheckCase(
            "close@1h",
            expecting: .boolean,
            Expected(.resultType, "rule 'long' must be a boolean expression, but 'close@1h' is a number", column: 9)),
        CheckCase(
            "(fast and slow)@1h",
            Expected(.numberInLogic, "'and' needs booleans, but 'fast' is a number", column: 10),
            Expected(.numberInLogic, "'and' needs booleans, but 'slow' is a number", column: 19)),
    ]

    @Test("Problems are reported once, at the '@' or at the mistake inside", arguments: problems)
    func problemsAreReported(_ checkCase: CheckCase) {
        let result = checkOnFiveMinutes(checkCase.text, expecting: checkCase.expecting)
        #expect(result.diagnostics.summary == checkCase.expected)
        #expect(result.type == nil)
    }

    @Test("A nested mismatch inside a nested '@' is reported once, at the innermost '@' that sees it")
    func nestedIsReportedOnce() {
        let result = checkOnFiveMinutes("((close@4h)@1h)@1h")
        #expect(result.diagnostics.map(\.code) == [ExpressionDiagnosticCode.nestedTimeframe.rawValue])
        #expect(result.diagnostics.first?.location.column == 20)
    }

    @Test("Without a known base timeframe, any well-formed timeframe checks")
    func unknownBaseAcceptsAnyTimeframe() {
        let result = check("close@1m > close@7m")
        #expect(result.diagnostics.isEmpty)
        #expect(result.type == .boolean)
    }

    @Test("Named indicators carry the timeframes they read, so a nested '@' through one is found")
    func namedIndicatorsCarryTheirTimeframes() {
        let checker = NamedExpressionChecker(baseTimeframe: 300_000)
        let set = checker.check(definitions([
            ("hourly", "close@1h"), ("trend", "ema(hourly, 3)"), ("nested", "trend@4h"), ("odd", "close@7m"),
        ]))
        #expect(set.indicators["trend"] != nil)
        #expect(set.typeChecker.timeframesRead(by: ExpressionNode(.identifier("trend"), range: .init(at: location())))
            == [3_600_000])
        #expect(set.diagnostics.map(\.code) == [
            ExpressionDiagnosticCode.nestedTimeframe.rawValue, ExpressionDiagnosticCode.timeframeMismatch.rawValue,
        ])
        // The rules checked later against the set know the base timeframe too.
        let rule = set.check("close@3m > trend", origin: location(line: 9), expecting: .boolean, role: "rule 'long'")
        #expect(rule.diagnostics.map(\.code) == [ExpressionDiagnosticCode.timeframeMismatch.rawValue])
        #expect(rule.diagnostics.first?.location.column == 14)
    }
}
