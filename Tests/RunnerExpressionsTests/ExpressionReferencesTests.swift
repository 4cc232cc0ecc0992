import RunnerDiagnostics
import RunnerExpressions
import Testing

@Suite("Names an expression uses")
struct ExpressionReferencesTests {
    @Test("Referenced identifiers are the bar fields and indicators read, without functions or outputs")
    func referencedIdentifiersSkipFunctionsAndFields() throws {
        let expression = try #require(parsed("sma(rsi(close, 14), 5) > fast and bbands(close).upper[2] < slow"))
        #expect(expression.referencedIdentifiers == ["close", "fast", "slow"])
    }

    @Test("Identifier references list every use with its range, in source order")
    func identifierReferencesListEveryUse() throws {
        let expression = try #require(parsed("close > close[1] + fast"))
        #expect(expression.identifierReferences.map(\.description) == ["close@3:9", "close@3:17", "fast@3:28"])
        let first = try #require(expression.identifierReferences.first)
        #expect(first.range == SourceRange(start: location(column: 9), end: location(column: 14)))
    }

    @Test("Function calls list outer calls before inner ones, with the range of each name")
    func functionCallsListNamesWithRanges() throws {
        let expression = try #require(parsed("sma(rsi(close, 14), 5) > abs(fast)"))
        #expect(expression.functionCalls.map(\.description) == ["sma@3:9", "rsi@3:13", "abs@3:34"])
        #expect(expression.functionCalls.map(\.range.end.column) == [12, 16, 37])
    }

    @Test("Constants are number literals, negated or not")
    func literalNumbersIncludeNegation() throws {
        #expect(try #require(parsed("12")).literalNumber == 12)
        #expect(try #require(parsed("-2.5")).literalNumber == -2.5)
        #expect(try #require(parsed("--1")).literalNumber == 1)
        #expect(try #require(parsed("fast")).literalNumber == nil)
        #expect(try #require(parsed("1 + 1")).literalNumber == nil)
    }

    @Test("The tree reports its children, every node, and its height")
    func childrenNodesAndHeight() throws {
        let expression = try #require(parsed("clamp(a + b, 0, 1)"))
        #expect(expression.children.map(\.description) == ["a + b", "0", "1"])
        var visited: [String] = []
        expression.forEachNode { visited.append($0.description) }
        #expect(visited == ["clamp(a + b, 0, 1)", "a + b", "a", "b", "0", "1"])
        #expect(expression.height == 3)
        #expect(expression.precedence == .postfix)
    }

    @Test("Trees compare by shape and position, so the same text at the same place is equal")
    func equalTextAtEqualPlaceIsEqual() throws {
        let first = try #require(parsed("fast > slow"))
        let second = try #require(parsed("fast > slow"))
        let elsewhere = try #require(ExpressionParser.parse("fast > slow", origin: location(line: 9)).expression)
        #expect(first == second)
        #expect(first != elsewhere)
        #expect(Set([first, second, elsewhere]).count == 2)
    }
}
