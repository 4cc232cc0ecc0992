import RunnerDiagnostics
import RunnerExpressions
import Testing

/// Definitions laid out like a YAML `indicators:` block: one per line from line 2, the name at column 3 and
/// the expression after `name: `.
func definitions(_ entries: [(String, String)]) -> [ExpressionDefinition] {
    entries.enumerated().map { offset, entry in
        let (name, text) = entry
        return ExpressionDefinition(
            name: name, text: text, origin: location(line: offset + 2, column: 5 + name.unicodeScalars.count),
            nameLocation: location(line: offset + 2, column: 3))
    }
}

@Suite("Checking named indicators together")
struct NamedExpressionCheckerTests {
    /// The `indicators:` block of the strategy in the issue, with `rsi` named like the function it calls.
    static let exampleIndicators = [
        ("fast", "ema(close, 12)"), ("slow", "ema(close, 48)"), ("rsi", "rsi(close, 14)"), ("vol", "atr(14)"),
        ("band", "bbands(close, 20, 2).upper"), ("smooth", "sma(rsi(close, 14), 5)"),
    ]

    @Test("The example strategy checks cleanly, with rules, confidence and stop checked against its indicators")
    func exampleStrategyChecks() throws {
        let set = NamedExpressionChecker(allowsFunctionNames: true).check(definitions(Self.exampleIndicators))
        #expect(set.diagnostics.isEmpty)
        #expect(set.order == ["fast", "slow", "rsi", "vol", "band", "smooth"])
        #expect(set.indicators["fast"]?.type == .number)
        #expect(set.indicators["smooth"]?.expression.description == "sma(rsi(close, 14), 5)")

        let long = set.check(
            "fast > slow and rsi < 70", origin: location(line: 9), expecting: .boolean, role: "rule 'long'")
        let short = set.check(
            "crosses_below(fast, slow) or close < close[1]", origin: location(line: 10), expecting: .boolean,
            role: "rule 'short'")
        let confidence = set.check(
            "clamp(abs(fast - slow) / vol, 0, 1)", origin: location(line: 11), expecting: .number, role: "confidence")
        let stop = set.check("2 * vol", origin: location(line: 12), expecting: .number, role: "sizing stop")
        #expect([long, short, confidence, stop].allSatisfy { $0.diagnostics.isEmpty })
        #expect([long, short, confidence, stop].map(\.type) == [.boolean, .boolean, .number, .number])
    }

    @Test("By default an indicator named like a function is refused, and rules reading it are not reported again")
    func functionNamesAreRefusedByDefault() {
        let set = NamedExpressionChecker().check(definitions(Self.exampleIndicators))
        #expect(
            set.diagnostics.summary == [
                Expected(
                    .indicatorShadowsFunction,
                    "indicator 'rsi' has the name of the function 'rsi'; choose another name",
                    line: 4, column: 3)
            ])
        #expect(set.order == ["fast", "slow", "vol", "band", "smooth"])
        let long = set.check(
            "fast > slow and rsi < 70", origin: location(line: 9), expecting: .boolean, role: "rule 'long'")
        #expect(long.diagnostics.isEmpty)
        #expect(long.type == nil)
    }

    @Test("Indicators may read indicators defined further down; the order puts dependencies first")
    func forwardReferencesAreOrdered() {
        let set = NamedExpressionChecker().check(
            definitions([("spread", "fast - slow"), ("fast", "ema(close, 3)"), ("slow", "sma(fast, 5)"), ("x", "1")]))
        #expect(set.diagnostics.isEmpty)
        #expect(set.order == ["fast", "slow", "spread", "x"])
        #expect(set.indicators["spread"]?.dependencies == ["fast", "slow"])
        #expect(set.indicators["slow"]?.dependencies == ["fast"])
        #expect(set.orderedIndicators.map(\.name) == set.order)
    }

    @Test("A cycle is reported once, at its first indicator's reference, listing the cycle")
    func cyclesAreReportedOnce() {
        let set = NamedExpressionChecker().check(definitions([("a", "b + 1"), ("b", "a * 2"), ("c", "close")]))
        #expect(
            set.diagnostics.summary == [
                Expected(.indicatorCycle, "indicator 'a' depends on itself through a -> b -> a", line: 2, column: 6)
            ])
        #expect(set.order == ["c"])
        // Rules reading an indicator on a cycle are not reported again.
        let rule = set.check("a > 1", origin: location(line: 9), expecting: .boolean, role: "rule 'long'")
        #expect(rule.diagnostics.isEmpty)
        #expect(rule.type == nil)
    }

    @Test("An indicator that reads itself is a cycle of one")
    func selfReferenceIsACycle() {
        let set = NamedExpressionChecker().check(definitions([("level", "level[1] + 1")]))
        #expect(
            set.diagnostics.summary == [
                Expected(
                    .indicatorCycle, "indicator 'level' depends on itself through level -> level", line: 2, column: 10)
            ])
    }

    @Test("A cycle names its shortest path once; an indicator only reading a cycle is not on it")
    func longerCyclesAndTheirReaders() {
        let set = NamedExpressionChecker().check(
            definitions([("a", "ema(b, 3)"), ("b", "c / 2"), ("c", "a - 1"), ("d", "a + clsoe")]))
        #expect(
            set.diagnostics.summary == [
                Expected(
                    .indicatorCycle, "indicator 'a' depends on itself through a -> b -> c -> a", line: 2, column: 10),
                Expected(.unknownIdentifier, "unknown identifier 'clsoe' (did you mean 'close'?)", line: 5, column: 10),
            ])
        #expect(set.order.isEmpty)
    }

    @Test("Separate cycles are each reported; a knot of cycles once, counting the indicators caught in it")
    func separateCyclesAndKnots() {
        // a <-> b and c <-> d are separate; e, f, g form a knot: e -> f -> e and e -> g -> f.
        let set = NamedExpressionChecker().check(definitions([
            ("a", "b"), ("b", "a"), ("c", "d + 1"), ("d", "c"), ("e", "f + g"), ("f", "e"), ("g", "f"),
        ]))
        #expect(set.diagnostics.map(\.message) == [
            "indicator 'a' depends on itself through a -> b -> a",
            "indicator 'c' depends on itself through c -> d -> c",
            "indicator 'e' depends on itself through e -> f -> e; 1 other indicator is on cycles with it",
        ])
    }

    @Test("A long cycle is reported once, its path shortened, in linear time", arguments: [100, 4_000, 20_000])
    func longCyclesAreReportedOnceAndShort(length: Int) {
        let chain = (0..<length).map { ("i\($0)", "i\(($0 + 1) % length) + 1") }
        let set = NamedExpressionChecker().check(definitions(chain))
        #expect(set.diagnostics.count == 1)
        let message = set.diagnostics.first?.message ?? ""
        #expect(message.hasPrefix("indicator 'i0' depends on itself through i0 -> i1 -> i2 -> i3 -> i4 -> i5 -> ... ("))
        #expect(message.hasSuffix("-> i\(length - 2) -> i\(length - 1) -> i0"))
        #expect(message.utf8.count < 200)
    }

    @Test("A long chain of indicators checks in order", arguments: [1_000, 20_000])
    func longChainsCheck(length: Int) {
        let chain = (0..<length).map { ("i\($0)", $0 == length - 1 ? "close" : "i\($0 + 1) + 1") }
        let set = NamedExpressionChecker().check(definitions(chain))
        #expect(set.diagnostics.isEmpty)
        #expect(set.order.count == length)
        #expect(set.order.first == "i\(length - 1)")
    }

    @Test("Names that hide a bar field or a function, repeat, or cannot be written are refused")
    func badNamesAreRefused() {
        let set = NamedExpressionChecker().check(
            definitions([
                ("close", "ema(close, 3)"), ("ema", "close + 1"), ("fast", "ema(close, 3)"), ("fast", "close"),
                ("my-rsi", "rsi(close)"), ("and", "1"), ("uses", "ema + close"),
            ]))
        #expect(
            set.diagnostics.summary == [
                Expected(
                    .indicatorShadowsBarField,
                    "indicator 'close' has the name of a bar field, which it would hide; "
                        + "choose another name", line: 2, column: 3),
                Expected(
                    .indicatorShadowsFunction,
                    "indicator 'ema' has the name of the function 'ema'; choose another name",
                    line: 3, column: 3),
                Expected(
                    .duplicateIndicator,
                    "indicator 'fast' is defined twice; the first definition is at strategies/trend.yaml:4:3", line: 5,
                    column: 3),
                Expected(
                    .invalidIndicatorName,
                    "indicator name 'my-rsi' cannot be used in expressions; a name is letters, "
                        + "digits and '_', and does not start with a digit", line: 6, column: 3),
                Expected(
                    .invalidIndicatorName, "indicator name 'and' is a reserved word; choose another name", line: 7,
                    column: 3),
            ])
        // `close` still means the bar field; `uses` reads the refused `ema` without a second report.
        #expect(set.order == ["fast"])
        #expect(set.indicators["fast"]?.expression.description == "ema(close, 3)")
        #expect(set.environment.resolve("close") == .type(.number))
    }

    @Test("An indicator with an error is reported once; those reading it are not reported again")
    func errorsAreNotRepeatedDownstream() {
        let set = NamedExpressionChecker().check(
            definitions([
                ("fast", "ema(close, 0)"), ("broken", "slow >"), ("spread", "fast - broken"), ("ok", "vwap()"),
            ]))
        #expect(
            set.diagnostics.summary == [
                Expected(
                    .constantArgument, "the period of 'ema' must be an integer literal >= 1, got '0'", line: 2,
                    column: 20),
                Expected(
                    .syntax, "expected an operand after '>', but the expression ends there", line: 3, column: 16),
            ])
        #expect(set.order == ["ok"])
    }

    @Test("Did-you-mean suggests an indicator defined further down")
    func suggestionsIncludeLaterIndicators() {
        let set = NamedExpressionChecker().check(
            definitions([
                ("spread", "fast - slwo"), ("slow", "ema(close, 30)"),
                ("fast", "ema(close, 10)"),
            ]))
        #expect(
            set.diagnostics.summary == [
                Expected(.unknownIdentifier, "unknown identifier 'slwo' (did you mean 'slow'?)", line: 2, column: 18)
            ])
    }

    @Test("Indicators must be numbers by default, and may hold records or booleans when the caller allows it")
    func indicatorTypeIsConfigurable() {
        let entries = definitions([("m", "macd(close)"), ("up", "close > open")])
        let strict = NamedExpressionChecker().check(entries)
        #expect(
            strict.diagnostics.summary == [
                Expected(
                    .recordWithoutField,
                    "indicator 'm' must be a number, but 'macd(close)' has several outputs "
                        + "(macd, signal, hist); choose one, as in 'macd(close).macd'", line: 2, column: 6),
                Expected(
                    .resultType, "indicator 'up' must be a number expression, but 'close > open' is a boolean",
                    line: 3, column: 7),
            ])

        let open = NamedExpressionChecker(indicatorType: nil).check(entries)
        #expect(open.diagnostics.isEmpty)
        #expect(open.indicators["m"]?.type == .record(fields: ["macd", "signal", "hist"]))
        let rule = open.check(
            "m.macd > m.signal and up", origin: location(line: 9), expecting: .boolean, role: "rule 'long'")
        #expect(rule.diagnostics.isEmpty)
        #expect(rule.type == .boolean)
    }

    @Test("Extra bar fields can be declared for the indicators to read")
    func customBarFields() {
        let checker = NamedExpressionChecker(barFields: TypeEnvironment.standardBarFields + ["vwap_feed"])
        let set = checker.check(definitions([("premium", "close - vwap_feed")]))
        #expect(set.diagnostics.isEmpty)
        #expect(set.order == ["premium"])
    }
}
