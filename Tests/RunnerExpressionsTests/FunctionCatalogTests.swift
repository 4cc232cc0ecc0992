import RunnerDiagnostics
import RunnerExpressions
import Testing

@Suite("Function catalog")
struct FunctionCatalogTests {
    static let indicatorNames = [
        "adx", "atr", "bbands", "cci", "correlation", "dema", "ema", "highest", "lowest", "macd", "mfi", "mom", "obv",
        "roc", "rsi", "sma", "stddev", "stoch", "tema", "trange", "vwap", "willr", "wma", "zscore",
    ]

    @Test("The builtin catalog holds the pure functions, sorted by name")
    func builtinHoldsPureFunctions() {
        #expect(
            FunctionCatalog.builtin.names == [
                "abs", "clamp", "crosses_above", "crosses_below", "log", "max", "min", "sign", "sqrt",
            ])
        #expect(FunctionCatalog.builtin.allSignatures.allSatisfy { !$0.isIndicator })
        #expect(FunctionCatalog.builtin.signature(named: "crosses_above")?.result == .boolean)
        #expect(FunctionCatalog.builtin.signature(named: "clamp")?.description == "clamp(x, low, high) -> number")
    }

    @Test("The standard indicators are all stateful and the standard catalog has both sets")
    func standardIndicatorsAndStandardCatalog() {
        #expect(FunctionCatalog.standardIndicators.names == Self.indicatorNames)
        #expect(FunctionCatalog.standardIndicators.allSignatures.allSatisfy { $0.isIndicator })
        #expect(FunctionCatalog.standard.names == (Self.indicatorNames + FunctionCatalog.builtin.names).sorted())
        #expect(FunctionCatalog.standard.allSignatures.allSatisfy { !$0.summary.isEmpty })
    }

    @Test(
        "Signatures print with their defaults and result types",
        arguments: [
            ("ema", "ema(series, period) -> number"),
            ("rsi", "rsi(series, period = 14) -> number"),
            (
                "macd",
                "macd(series, fast_period = 12, slow_period = 26, signal_period = 9) -> record(macd, signal, hist)"
            ),
            ("bbands", "bbands(series, period = 20, deviations = 2) -> record(upper, middle, lower)"),
            ("stoch", "stoch(k_period = 14, k_smooth = 3, d_period = 3) -> record(k, d)"),
            ("atr", "atr(period = 14) -> number"),
            ("trange", "trange() -> number"),
            ("correlation", "correlation(first, second, period) -> number"),
        ])
    func signatureDescriptions(name: String, expected: String) throws {
        let signature = try #require(FunctionCatalog.standard.signature(named: name))
        #expect(signature.description == expected)
    }

    @Test(
        "The argument count reads as a phrase for messages",
        arguments: [
            ("ema", 2, "2 arguments (series, period)"),
            ("abs", 1, "1 argument (x)"),
            ("rsi", 1, "1 to 2 arguments (series, period = 14)"),
            ("atr", 0, "at most 1 argument (period = 14)"),
            ("stoch", 0, "at most 3 arguments (k_period = 14, k_smooth = 3, d_period = 3)"),
            ("obv", 0, "no arguments"),
        ])
    func argumentCountPhrases(name: String, minimum: Int, expected: String) throws {
        let signature = try #require(FunctionCatalog.standard.signature(named: name))
        #expect(signature.minimumArgumentCount == minimum)
        #expect(signature.argumentCountDescription == expected)
    }

    @Test("Registering a name twice is refused with a sentence naming it")
    func duplicatesAreRefused() throws {
        var catalog = FunctionCatalog.builtin
        let duplicate = try #require(FunctionCatalog.builtin.signature(named: "abs"))
        #expect(throws: FunctionCatalogError.duplicate(name: "abs")) { try catalog.register(duplicate) }
        #expect(
            FunctionCatalogError.duplicate(name: "abs").description
                == "a function named 'abs' is already registered; each name can be registered once")
        #expect(throws: FunctionCatalogError.duplicate(name: "abs")) {
            try catalog.register(contentsOf: FunctionCatalog.standard)
        }
        #expect(throws: FunctionCatalogError.duplicate(name: "ema")) {
            _ = try FunctionCatalog(
                FunctionCatalog.standardIndicators.allSignatures + [
                    FunctionSignature(
                        name: "ema", parameters: [], result: .number, summary: "Again.", isIndicator: true)
                ])
        }
    }

    @Test("Defaults must come last and only on constant parameters")
    func malformedParameterListsAreRefused() {
        var catalog = FunctionCatalog()
        let defaultFirst = FunctionSignature(
            name: "band",
            parameters: [
                .init("period", .integerConstant(minimum: 1), defaultValue: 20), .init("width", .numberConstant),
            ],
            result: .number, summary: "A band.", isIndicator: true)
        #expect(throws: FunctionCatalogError.requiredParameterAfterDefault(function: "band", parameter: "width")) {
            try catalog.register(defaultFirst)
        }
        let seriesDefault = FunctionSignature(
            name: "shift", parameters: [.init("x", .series, defaultValue: 0)], result: .number, summary: "x.",
            isIndicator: false)
        #expect(throws: FunctionCatalogError.defaultForSeriesParameter(function: "shift", parameter: "x")) {
            try catalog.register(seriesDefault)
        }
        #expect(catalog.names.isEmpty)
    }

    @Test("A custom function registered in a catalog can be called by expressions")
    func customFunctionsCanBeCalled() throws {
        var catalog = FunctionCatalog.builtin
        try catalog.register(
            FunctionSignature(
                name: "spread", parameters: [.init("a", .series), .init("b", .series)], result: .number,
                summary: "a minus b.", isIndicator: false))
        let checked = TypeChecker(catalog: catalog).check(
            "spread(high, low) > 1", origin: location(), expecting: .boolean, role: "rule 'wide'")
        #expect(checked.diagnostics.isEmpty)
        #expect(checked.type == .boolean)
    }

    @Test("Omitted trailing arguments take the parameters' defaults")
    func constantArgumentsFillDefaults() throws {
        let rsi = try #require(FunctionCatalog.standard.signature(named: "rsi"))
        let call = try #require(parsed("rsi(close)"))
        #expect(rsi.constantArguments(call.children) == [nil, 14])
        let macd = try #require(FunctionCatalog.standard.signature(named: "macd"))
        let macdCall = try #require(parsed("macd(close, 5)"))
        #expect(macd.constantArguments(macdCall.children) == [nil, 5, 26, 9])
        let bbands = try #require(FunctionCatalog.standard.signature(named: "bbands"))
        let bbandsCall = try #require(parsed("bbands(close, 20, -1.5)"))
        #expect(bbands.constantArguments(bbandsCall.children) == [nil, 20, -1.5])
    }
}
