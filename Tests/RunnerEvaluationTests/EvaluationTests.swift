import Foundation
import RunnerDiagnostics
import RunnerEvaluation
import RunnerExpressions
import RunnerIndicators
import Testing

/// Compiles `roots` (and named `definitions`) from text and steps one state through `closes`.
func evaluate(
    _ roots: [String: String], definitions: [String: String] = [:], closes: [Double]
) throws -> (program: EvaluationProgram, values: [String: [Double]]) {
    func parse(_ text: String) throws -> ExpressionNode {
        let origin = RunnerDiagnostics.SourceLocation(file: "test", line: 1, column: 1)
        return try #require(ExpressionParser.parse(text, origin: origin).expression, "'\(text)' does not parse")
    }
    var parsedDefinitions: [String: ExpressionNode] = [:]
    for (name, text) in definitions { parsedDefinitions[name] = try parse(text) }
    var parsedRoots: [(name: String, expression: ExpressionNode)] = []
    for (name, text) in roots.sorted(by: { $0.key < $1.key }) { parsedRoots.append((name, try parse(text))) }
    let program = try ExpressionCompiler(registry: .standard).compile(definitions: parsedDefinitions, roots: parsedRoots)
    let state = program.makeState()
    var values: [String: [Double]] = [:]
    for (index, close) in closes.enumerated() {
        state.step(BarFields(timestamp: Int64(index) * 60_000, open: close, high: close + 1, low: close - 1,
                             close: close, volume: 100))
        for name in roots.keys { values[name, default: []].append(state.value(of: name)) }
    }
    return (program, values)
}

/// NaN-aware equality for value sequences.
func same(_ lhs: [Double], _ rhs: [Double]) -> Bool {
    lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.isNaN && $1.isNaN || abs($0 - $1) < 1e-12 }
}

@Suite struct EvaluationTests {
    @Test func sharedSubExpressionsUseOneIndicator() throws {
        let (program, _) = try evaluate(
            ["long": "fast > sma(close, 3) and sma(close, 3) > 1", "upper": "bbands(close, 5, 2).upper",
             "lower": "bbands(close, 5, 2).lower", "default": "rsi(close) + rsi(close, 14)"],
            definitions: ["fast": "sma(close, 3)"], closes: [1, 2, 3])
        #expect(program.indicatorCount == 3)  // one sma, one bbands, one rsi
    }

    @Test func arithmeticLookBackAndWarmUpFollowTheBars() throws {
        let (program, values) = try evaluate(
            ["change": "close - close[1]", "mean": "sma(close, 3)", "smooth": "sma(sma(close, 3), 2)",
             "two_back": "close[2]"],
            closes: [1, 2, 4, 7, 11])
        #expect(same(values["change"]!, [.nan, 1, 2, 3, 4]))
        #expect(same(values["mean"]!, [.nan, .nan, 7.0 / 3, 13.0 / 3, 22.0 / 3]))
        #expect(same(values["smooth"]!, [.nan, .nan, .nan, 10.0 / 3, 35.0 / 6]))
        #expect(same(values["two_back"]!, [.nan, .nan, 1, 2, 4]))
        #expect(program.warmUpBars == 3)  // smooth: sma(3) ready at bar 2, then sma(2) at bar 3
    }

    @Test func crossingsFireOnTheBarTheOrderFlips() throws {
        let (_, values) = try evaluate(
            ["up": "crosses_above(close, 5)", "down": "crosses_below(close, 5)"], closes: [4, 6, 7, 5, 3, 6])
        #expect(same(values["up"]!, [.nan, 1, 0, 0, 0, 1]))
        #expect(same(values["down"]!, [.nan, 0, 0, 0, 1, 0]))
    }

    @Test func divisionByZeroAndBadDomainsAreNaNNotACrash() throws {
        let (_, values) = try evaluate(
            ["ratio": "close / (close - 5)", "log": "log(close - 5)", "root": "sqrt(close - 6)",
             "sign": "sign(close - 5)", "clamped": "clamp(close, 2, 5)"],
            closes: [5, 6, 10])
        #expect(same(values["ratio"]!, [.nan, 6, 2]))
        #expect(same(values["log"]!, [.nan, 0, 1.6094379124341003]))
        #expect(same(values["root"]!, [.nan, 0, 2]))
        #expect(same(values["sign"]!, [0, 1, 1]))
        #expect(same(values["clamped"]!, [5, 5, 5]))
    }

    @Test func logicIsThreeValuedDuringWarmUp() throws {
        let (_, values) = try evaluate(
            ["and_false": "close > 100 and close > close[1]", "or_true": "close > 0 or close > close[1]",
             "unknown": "close > 0 and close > close[1]", "negated": "not (close > close[1])"],
            closes: [1, 2])
        #expect(same(values["and_false"]!, [0, 0]))
        #expect(same(values["or_true"]!, [1, 1]))
        #expect(same(values["unknown"]!, [.nan, 1]))
        #expect(same(values["negated"]!, [.nan, 0]))
    }

    @Test func anIndicatorSkipsBarsWhoseInputIsNaN() throws {
        // close / (close - 5) is NaN on the bar where close is 5; the sma keeps its window of finite values.
        let (_, values) = try evaluate(["mean": "sma(close / (close - 5), 2)"], closes: [6, 5, 10, 15])
        #expect(same(values["mean"]!, [.nan, .nan, 4, 1.75]))
    }

    @Test func differentInputsParametersAndOffsetsStaySeparate() throws {
        let (program, values) = try evaluate(
            ["a": "sma(close, 2)", "b": "sma(close, 3)", "c": "sma(open, 2)", "d": "sma(close, 2)[1]",
             "e": "sma(close[1], 2)"],
            closes: [1, 2, 4, 8])
        #expect(program.indicatorCount == 4)  // close/2, close/3, open/2 (open == close here), close[1]/2
        #expect(same(values["a"]!, [.nan, 1.5, 3, 6]))
        #expect(same(values["b"]!, [.nan, .nan, 7.0 / 3, 14.0 / 3]))
        #expect(same(values["d"]!, [.nan, .nan, 1.5, 3]))
        #expect(same(values["e"]!, [.nan, .nan, 1.5, 3]))
    }

    @Test func deeplyNestedDefinitionsCompileInLinearTime() throws {
        var definitions = ["a0": "close"]
        for level in 1...60 { definitions["a\(level)"] = "a\(level - 1) + a\(level - 1)" }
        let (program, values) = try evaluate(["top": "a60"], definitions: definitions, closes: [1])
        #expect(program.indicatorCount == 0)
        #expect(values["top"]! == [pow(2, 60)])
    }

    @Test func unknownNamesAreCompilationErrors() {
        #expect(throws: CompilationError.unknownName("nope")) {
            _ = try evaluate(["x": "nope + 1"], closes: [1])
        }
    }
}
