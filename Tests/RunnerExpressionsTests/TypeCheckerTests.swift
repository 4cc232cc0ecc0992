import RunnerDiagnostics
import RunnerExpressions
import Testing

@Suite("Type checking operators, names, outputs and look-backs")
struct TypeCheckerTests {
    @Test(
        "Valid expressions get their type",
        arguments: [
            ("fast > slow and rsi_value < 70", ValueType.boolean),
            ("crosses_below(fast, slow) or close < close[1]", .boolean),
            ("clamp(abs(fast - slow) / vol, 0, 1)", .number),
            ("2 * vol", .number),
            ("-close", .number),
            ("not trend_up", .boolean),
            ("trend_up == (fast > slow)", .boolean),
            ("trend_up != true", .boolean),
            ("trend_up[1]", .boolean),
            ("bands.upper - bands.lower", .number),
            ("bbands(close, 20, 2).upper", .number),
            ("macd(close, 12, 26, 9).signal[2]", .number),
            ("stoch(14, 3, 3).k > stoch().d", .boolean),
            ("sma(rsi(close, 14), 5)", .number),
            ("macd(close)", .record(fields: ["macd", "signal", "hist"])),
            ("close == open", .boolean),
        ])
    func validExpressionsGetTheirType(text: String, type: ValueType) {
        let checked = check(text)
        #expect(checked.diagnostics.isEmpty)
        #expect(checked.type == type)
    }

    static let errors: [CheckCase] = [
        CheckCase(
            "fast > slw", Expected(.unknownIdentifier, "unknown identifier 'slw' (did you mean 'slow'?)", column: 16)),
        CheckCase(
            "clsoe > 1", Expected(.unknownIdentifier, "unknown identifier 'clsoe' (did you mean 'close'?)", column: 9)),
        CheckCase("zzz > 1", Expected(.unknownIdentifier, "unknown identifier 'zzz'", column: 9)),
        CheckCase(
            "vwap > close",
            Expected(
                .unknownIdentifier, "unknown identifier 'vwap'; 'vwap' is a function, call it as 'vwap()'", column: 9)),
        CheckCase(
            "trend_up + 1",
            Expected(.booleanInArithmetic, "'+' needs numbers, but 'trend_up' is a boolean", column: 9)),
        CheckCase(
            "vol * (fast > slow)",
            Expected(.booleanInArithmetic, "'*' needs numbers, but 'fast > slow' is a boolean", column: 16)),
        CheckCase(
            "-trend_up", Expected(.booleanInArithmetic, "'-' needs a number, but 'trend_up' is a boolean", column: 10)),
        CheckCase(
            "fast and trend_up", Expected(.numberInLogic, "'and' needs booleans, but 'fast' is a number", column: 9)),
        CheckCase(
            "trend_up or 1",
            Expected(.numberInLogic, "'or' needs booleans, but '1' is a number", column: 21)),
        CheckCase("not fast", Expected(.numberInLogic, "'not' needs a boolean, but 'fast' is a number", column: 13)),
        CheckCase(
            "trend_up < (fast > slow)",
            Expected(
                .booleanOrdering,
                "'<' compares numbers, but 'trend_up' is a boolean; booleans can only be compared with '==' or '!='",
                column: 9),
            Expected(
                .booleanOrdering,
                "'<' compares numbers, but 'fast > slow' is a boolean; booleans can only be compared with '==' or '!='",
                column: 21)),
        CheckCase(
            "fast == trend_up",
            Expected(
                .comparisonTypeMismatch,
                "'==' compares values of the same type, but 'fast' is a number and 'trend_up' is a boolean", column: 14)
        ),
        CheckCase(
            "bands > close",
            Expected(
                .recordWithoutField,
                "'bands' has several outputs (upper, middle, lower); choose one, as in 'bands.upper'", column: 9)),
        CheckCase(
            "bbands(close, 20, 2) == 1",
            Expected(
                .recordWithoutField,
                "'bbands(close, 20, 2)' has several outputs (upper, middle, lower); choose one, as in "
                    + "'bbands(close, 20, 2).upper'", column: 9)),
        CheckCase(
            "bands.uper > close",
            Expected(
                .unknownField,
                "'bands' has no output 'uper' (did you mean 'upper'?); its outputs are upper, middle, lower",
                column: 15)),
        CheckCase(
            "macd(close).sig > 0",
            Expected(
                .unknownField,
                "'macd(close)' has no output 'sig' (did you mean 'signal'?); its outputs are macd, signal, hist",
                column: 21)),
        CheckCase(
            "close.upper > 1",
            Expected(
                .fieldOnNonRecord,
                "'close' is a number and has no outputs, so '.upper' cannot be used; only multi-output indicators "
                    + "such as macd, bbands and stoch have them", column: 15)),
        CheckCase(
            "close[-1] > 1",
            Expected(.lookBackOffset, "look-back index must be a non-negative integer literal, got -1", column: 15)),
        CheckCase(
            "close[1.5] > 1",
            Expected(.lookBackOffset, "look-back index must be a non-negative integer literal, got 1.5", column: 15)),
        CheckCase(
            "close[fast] > 1",
            Expected(.lookBackOffset, "look-back index must be a non-negative integer literal, got fast", column: 15)),
        CheckCase(
            "bands[1].upper > 1",
            Expected(
                .recordWithoutField,
                "'bands' has several outputs (upper, middle, lower); choose one, as in 'bands.upper'", column: 9)),
        CheckCase(
            "fast - slow", expecting: .boolean,
            Expected(
                .resultType, "rule 'long' must be a boolean expression, but 'fast - slow' is a number", column: 9)),
        CheckCase(
            "macd(close)", expecting: .boolean,
            Expected(
                .recordWithoutField,
                "rule 'long' must be a boolean, but 'macd(close)' has several outputs (macd, signal, hist); "
                    + "choose one, as in 'macd(close).macd'", column: 9)),
        CheckCase(
            "trend_up + slw > zzz",
            Expected(.booleanInArithmetic, "'+' needs numbers, but 'trend_up' is a boolean", column: 9),
            Expected(.unknownIdentifier, "unknown identifier 'slw' (did you mean 'slow'?)", column: 20),
            Expected(.unknownIdentifier, "unknown identifier 'zzz'", column: 26)),
    ]

    @Test("Each type error is reported once, at the offending token", arguments: errors)
    func typeErrorIsReported(_ checkCase: CheckCase) {
        let checked = check(checkCase.text, expecting: checkCase.expecting)
        #expect(checked.type == nil)
        #expect(checked.diagnostics.summary == checkCase.expected)
    }

    @Test("The role names the expression in a result type mismatch")
    func roleNamesTheExpression() {
        let checked = check("fast > slow", expecting: .number, role: "sizing stop")
        #expect(
            checked.diagnostics.map(\.message) == [
                "sizing stop must be a number expression, but 'fast > slow' is a boolean"
            ])
    }

    @Test("A name whose own definition failed is accepted silently, so one mistake is reported once")
    func unavailableNamesAreQuiet() {
        var environment = sampleEnvironment()
        environment.declareUnavailable("broken")
        let checker = TypeChecker(catalog: .standard, environment: environment)
        let checked = checker.check(
            "broken > 1 and trend_up", origin: location(), expecting: .boolean, role: "rule 'x'")
        #expect(checked.diagnostics.isEmpty)
        #expect(checked.type == nil)
    }

    @Test("Parse errors come back from a text check without type checking")
    func parseErrorsStopTheCheck() {
        let checked = check("fast > > zzz")
        #expect(checked.expression == nil)
        #expect(
            checked.diagnostics.summary == [Expected(.syntax, "expected an operand after '>', found '>'", column: 16)])
    }
}
