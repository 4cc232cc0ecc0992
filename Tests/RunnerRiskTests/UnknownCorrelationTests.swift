import RunnerCore
import RunnerRisk
import Testing

/// While the correlation matrix warms up, a pair without a figure counts as fully correlated (1).
@Suite struct UnknownCorrelationTests {
    @Test func aPairWithoutAFigureCountsAsOne() {
        let empty = CorrelationMatrix()
        #expect(empty.correlation("AAPL", "MSFT") == 1)
        // One return is no estimate; nor is a series that never moved.
        let warming = CorrelationMatrix(returns: ["AAPL": [0.01], "MSFT": [0.02, -0.01, 0.03]])
        #expect(warming.correlation("AAPL", "MSFT") == 1)
        let flat = CorrelationMatrix(returns: ["AAPL": [0, 0, 0], "MSFT": [0.02, -0.01, 0.03]])
        #expect(flat.correlation("AAPL", "MSFT") == 1)
    }

    @Test(arguments: [
        (900 as Int64, nil as String?),
        (1_100, "CORRELATION_BUDGET_EXCEEDED symbol=MSFT combined=6.20% limit=6.00%"),
    ])
    func theBudgetJudgesAnUnknownPairAtCorrelationOne(_ size: Int64, _ expected: String?) throws {
        // AAPL holds 4,000 x a 10.00 stop = 4% risk; MSFT is new, and the matrix knows neither symbol.
        // At correlation 1 the risks add: 4% + 900 x 20.00 = 1.8% is 5.80%; 1,100 shares make 6.20%.
        // (At 0 they would combine to sqrt(0.04^2 + 0.022^2) = 4.57%, well inside the budget.)
        let gate = try gate(limits(positionRisk: 0.05, correlationBudget: 0.06))
        let book = portfolio(["AAPL": .init(quantity: 4_000, stopDistance: 10)])
        let decision = gate.evaluate(target("MSFT", size, stop: 20), portfolio: book)
        #expect(decision.denial.map { "\($0)" } == expected)
    }

    @Test func aHeldSymbolMissingFromTheMatrixCountsAtOneAgainstAKnownOne() throws {
        // The matrix knows MSFT and JPM only; the AAPL held has no row yet.
        let matrix = CorrelationMatrix(returns: ["MSFT": [1, -1, 1], "JPM": [1, 1, -1]])
        let gate = try gate(limits(positionRisk: 0.05, correlationBudget: 0.06))
        let book = portfolio(["AAPL": .init(quantity: 4_000, stopDistance: 10)], correlations: matrix)
        #expect(gate.evaluate(target("MSFT", 1_100, stop: 20), portfolio: book).denial?.code == .correlationBudgetExceeded)
    }
}
