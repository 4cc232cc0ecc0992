import RunnerDiagnostics
import RunnerExpressions
import Testing

@Suite("Type checking calls")
struct TypeCheckerCallTests {
    @Test(
        "Calls with the right arguments, or with trailing defaults left out, check cleanly",
        arguments: [
            "ema(close, 12)", "rsi(close)", "rsi(close, 14)", "atr()", "atr(14)", "trange()", "obv()", "vwap()",
            "macd(close).hist", "macd(close, 5).signal", "bbands(close).middle", "bbands(close, 20, 2.5).lower",
            "bbands(close, 20, -2).lower", "stoch().k", "stoch(5, 3).d", "cci()", "willr()", "adx(20)", "mfi()",
            "correlation(close, volume, 20)", "zscore(close - open, 30)", "highest(high, 20) - lowest(low, 20)",
            "min(fast, slow)", "max(fast, 1)", "sign(fast - slow)", "log(close) + sqrt(volume)", "roc(close)",
            "mom(close, 3)", "stddev(close, 20)", "wma(close, 9)", "dema(close, 9)", "tema(close, 9)",
        ])
    func validCallsCheck(text: String) {
        let checked = check(text, expecting: .number, role: "indicator 'x'")
        #expect(checked.diagnostics.isEmpty)
        #expect(checked.type == .number)
    }

    @Test("Crossing functions give booleans")
    func crossingsAreBoolean() {
        #expect(check("crosses_above(fast, slow)").type == .boolean)
        #expect(check("crosses_below(close, bands.lower)").type == .boolean)
    }

    static let errors: [CheckCase] = [
        CheckCase(
            "emaa(close, 3)", Expected(.unknownFunction, "unknown function 'emaa' (did you mean 'ema'?)", column: 9)),
        CheckCase("frobnicate(close)", Expected(.unknownFunction, "unknown function 'frobnicate'", column: 9)),
        CheckCase(
            "fast(1)",
            Expected(
                .unknownFunction,
                "unknown function 'fast'; 'fast' is a named indicator, not a function, so it cannot be called",
                column: 9)),
        CheckCase(
            "close(1)",
            Expected(
                .unknownFunction,
                "unknown function 'close'; 'close' is a bar field, not a function, so it cannot be called",
                column: 9)),
        CheckCase(
            "emaa(clsoe, 3)",
            Expected(.unknownFunction, "unknown function 'emaa' (did you mean 'ema'?)", column: 9),
            Expected(.unknownIdentifier, "unknown identifier 'clsoe' (did you mean 'close'?)", column: 14)),
        CheckCase(
            "ema(close, 12, 3)",
            Expected(.argumentCount, "'ema' takes 2 arguments (series, period) but was given 3", column: 24)),
        CheckCase(
            "ema(close)",
            Expected(.argumentCount, "'ema' takes 2 arguments (series, period) but was given 1", column: 9)),
        CheckCase(
            "rsi()",
            Expected(.argumentCount, "'rsi' takes 1 to 2 arguments (series, period = 14) but was given 0", column: 9)),
        CheckCase("obv(close)", Expected(.argumentCount, "'obv' takes no arguments but was given 1", column: 13)),
        CheckCase(
            "atr(close, 14)",
            Expected(.constantArgument, "the period of 'atr' must be an integer literal >= 1, got 'close'", column: 13),
            Expected(.argumentCount, "'atr' takes at most 1 argument (period = 14) but was given 2", column: 20)),
        CheckCase(
            "ema(close, fast)",
            Expected(.constantArgument, "the period of 'ema' must be an integer literal >= 1, got 'fast'", column: 20)),
        CheckCase(
            "ema(close, 0)",
            Expected(.constantArgument, "the period of 'ema' must be an integer literal >= 1, got '0'", column: 20)),
        CheckCase(
            "ema(close, 2.5)",
            Expected(.constantArgument, "the period of 'ema' must be an integer literal >= 1, got '2.5'", column: 20)),
        CheckCase(
            "ema(close, -3)",
            Expected(.constantArgument, "the period of 'ema' must be an integer literal >= 1, got '-3'", column: 20)),
        // Periods are integer literals as written: `12.0` and `1e5` are refused even where their value is whole.
        CheckCase(
            "ema(close, 1e300)",
            Expected(.constantArgument, "the period of 'ema' must be an integer literal >= 1, got '1e+300'", column: 20)),
        CheckCase(
            "sma(close, 1e5)",
            Expected(.constantArgument, "the period of 'sma' must be an integer literal >= 1, got '100000.0'", column: 20)),
        CheckCase(
            "sma(close, 12.0)",
            Expected(.constantArgument, "the period of 'sma' must be an integer literal >= 1, got '12.0'", column: 20)),
        CheckCase(
            "willr(1E1)",
            Expected(.constantArgument, "the period of 'willr' must be an integer literal >= 2, got '10.0'", column: 15)),
        CheckCase(
            "sma(close, 200000)",
            Expected(.constantArgument, "the period of 'sma' is at most 100000 (as in TA-Lib), got '200000'", column: 20)),
        CheckCase(
            "macd(close, 12, slow).signal",
            Expected(
                .constantArgument, "the slow period of 'macd' must be an integer literal >= 2, got 'slow'",
                column: 25)),
        CheckCase(
            "bbands(close, 20, vol).upper",
            Expected(.constantArgument, "the deviations of 'bbands' must be a number literal, got 'vol'", column: 27)),
        CheckCase(
            "abs(trend_up)",
            Expected(.argumentType, "argument 1 (x) of 'abs' must be a number, but 'trend_up' is a boolean", column: 13)
        ),
        CheckCase(
            "ema(fast > slow, 3)",
            Expected(
                .argumentType, "argument 1 (series) of 'ema' must be a number, but 'fast > slow' is a boolean",
                column: 13)),
        CheckCase(
            "sma(bands, 5)",
            Expected(
                .recordWithoutField,
                "'bands' has several outputs (upper, middle, lower); choose one, as in 'bands.upper'", column: 13)),
        CheckCase(
            "max(trend_up, clsoe)",
            Expected(
                .argumentType, "argument 1 (a) of 'max' must be a number, but 'trend_up' is a boolean", column: 13),
            Expected(.unknownIdentifier, "unknown identifier 'clsoe' (did you mean 'close'?)", column: 23)),
    ]

    @Test("Each call error is reported at the offending argument or name", arguments: errors)
    func callErrorIsReported(_ checkCase: CheckCase) {
        let checked = check(checkCase.text, expecting: checkCase.expecting)
        #expect(checked.type == nil)
        #expect(checked.diagnostics.summary == checkCase.expected)
    }
}
