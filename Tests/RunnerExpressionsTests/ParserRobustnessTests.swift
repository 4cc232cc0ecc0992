import RunnerDiagnostics
import RunnerExpressions
import RunnerTesting
import Testing

@Suite("Parser robustness")
struct ParserRobustnessTests {
    /// Pieces the random inputs are built from: valid tokens, misspellings and stray characters.
    static let fragments = [
        "a", "close", "fast", "ema", "bbands", "upper", "_x1", "(", ")", "(", ")", ",", ".", "[", "]", "0", "1", "2.5",
        "1e-3", "1e", "12abc", "+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "=", "!", "&&", "||", "and", "or",
        "not", "true", "false", " ", " ", "  ", "\n", "\t", "$", "%", "é", "'",
    ]

    @Test("Thousands of random inputs parse without crashing, each to an expression or to diagnostics")
    func randomInputsNeverCrash() throws {
        var generator = SplitMix64(seed: 0x5EED_1234)
        let checker = TypeChecker(catalog: .standard, environment: sampleEnvironment())
        var parsedCount = 0
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let text = (0..<length).map { _ in Self.fragments.randomElement(using: &generator) ?? "" }.joined()
            let result = ExpressionParser.parse(text, origin: location())
            #expect((result.expression == nil) != result.diagnostics.isEmpty, "\(text.debugDescription)")
            #expect(result.diagnostics.allSatisfy { $0.location.line >= 3 && $0.location.column >= 1 })
            guard let expression = result.expression else { continue }
            parsedCount += 1
            // What parses prints back to text that parses to the same tree, and type-checks without crashing.
            let reparsed = try #require(parsed(expression.description), "\(text.debugDescription)")
            #expect(shape(reparsed) == shape(expression))
            let checked = checker.check(expression, expecting: .boolean, role: "rule 'fuzz'")
            #expect((checked.type == nil) != checked.diagnostics.isEmpty, "\(expression)")
        }
        #expect(parsedCount > 100, "the generator should produce some valid expressions too")
    }

    @Test("Random printable ASCII never crashes the parser")
    func randomASCIINeverCrashes() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...30, using: &generator)
            let scalars = (0..<length).compactMap { _ in Unicode.Scalar(UInt8.random(in: 32...126, using: &generator)) }
            let text = String(String.UnicodeScalarView(scalars))
            let result = ExpressionParser.parse(text, origin: location())
            #expect((result.expression == nil) != result.diagnostics.isEmpty, "\(text.debugDescription)")
        }
    }

    @Test("Ten thousand open parentheses are refused at the nesting limit instead of overflowing the stack")
    func deepParenthesesAreRefused() {
        let result = parse(String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000))
        #expect(result.expression == nil)
        #expect(
            result.diagnostics.summary == [
                Expected(
                    .tooDeep, "the expression is nested more than 256 levels deep; split it into named indicators",
                    column: 9 + 256)
            ])
    }

    @Test(
        "Long prefix chains are refused at the nesting limit",
        arguments: [String(repeating: "-", count: 10_000) + "a", String(repeating: "not ", count: 10_000) + "a"])
    func longPrefixChainsAreRefused(text: String) {
        let result = parse(text)
        #expect(result.diagnostics.map(\.code) == [ExpressionDiagnosticCode.tooDeep.rawValue])
    }

    @Test("A sum of more than 256 terms is refused, because its tree is too deep")
    func longSumsAreRefused() {
        let result = parse(Array(repeating: "a", count: 10_000).joined(separator: " + "))
        // The 256th '+' would make the tree 257 nodes deep; each "a + " takes four columns.
        #expect(
            result.diagnostics.summary == [
                Expected(
                    .tooDeep, "the expression is nested more than 256 levels deep; split it into named indicators",
                    column: 9 + 2 + 4 * 255)
            ])
    }

    @Test("Long look-back chains are refused at the limit")
    func longLookBackChainsAreRefused() {
        let result = parse("close" + String(repeating: "[1]", count: 10_000))
        #expect(result.diagnostics.map(\.code) == [ExpressionDiagnosticCode.tooDeep.rawValue])
    }

    @Test("Nesting just under the limit still parses")
    func nestingUnderTheLimitParses() throws {
        let depth = 200
        let text = String(repeating: "(", count: depth) + "close" + String(repeating: ")", count: depth)
        #expect(try #require(parsed(text)).description == "close")
        let sum = Array(repeating: "close", count: 200).joined(separator: " + ")
        #expect(try #require(parsed(sum)).height == 200)
    }

    @Test("A call with thousands of arguments is wide, not deep, and parses")
    func wideCallsParse() throws {
        let text = "f(" + Array(repeating: "1", count: 5_000).joined(separator: ", ") + ")"
        let expression = try #require(parsed(text))
        #expect(expression.children.count == 5_000)
    }
}
