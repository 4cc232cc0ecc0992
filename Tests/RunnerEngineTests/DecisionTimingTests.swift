import Foundation
import RunnerCore
import RunnerEngine
import RunnerRisk
import Testing

/// Every decision of a tick sees the same information: the bars of the completed period, nothing later.
@Suite struct DecisionTimingTests {
    static let strategy = """
        strategy: probe
        universe: [AAPL, JPM, XOM]
        timeframe: 1m
        rules: {long: close > 0}
        sizing: {model: fixed_quantity, quantity: 10}
        """

    /// Minute m's close of a symbol: distinct per symbol and minute.
    static func close(_ symbol: Symbol, _ minute: Int64) -> Double {
        ["AAPL": 100.0, "JPM": 200, "XOM": 300][symbol]! + Double(minute)
    }

    static let orders: [[Symbol]] = [
        ["AAPL", "JPM", "XOM"], ["JPM", "AAPL", "XOM"], ["XOM", "JPM", "AAPL"], ["JPM", "XOM", "AAPL"],
    ]

    @Test(arguments: orders)
    func everySymbolIsDecidedAtItsCompletedBarWhateverItsPlaceInTheFile(order: [Symbol]) async throws {
        let bars = (0..<5).flatMap { minute in order.map { bar(minute, $0, Self.close($0, minute)) } }
        let harness = try EngineHarness(strategies: [try compiledStrategy(Self.strategy)], bars: bars)
        try await harness.runToTheEnd()
        let decisions = harness.decisions
        #expect(decisions.count == 3)
        #expect(decisions.allSatisfy { $0.0.isApproved })
        for ((_, at), target) in zip(decisions, harness.signals) {
            // Decided at the end of minute 0 (the tick closes at minute 1) on minute 0's close.
            #expect(at == bar(1, target.symbol, 0).timestamp)
            #expect(target.referencePrice == Self.close(target.symbol, 0), "\(target.symbol) saw a later price")
        }
        // Every symbol's order filled on the same bar: the first of the next minute, at its open.
        let fills = harness.fills
        #expect(fills.count == 3)
        #expect(Set(fills.map(\.timestamp)) == [bar(1, "AAPL", 0).timestamp])
        #expect(fills.allSatisfy { $0.price == Decimal(shortestRepresentationOf: Self.close($0.symbol, 1)) })
    }

    @Test func theFeedSendsTheTimeBeforeItsBarsAndFillsBeforeTheirBar() throws {
        let harness = try EngineHarness(strategies: [], bars: [bar(0, "AAPL", 1), bar(0, "XOM", 2), bar(1, "AAPL", 3)])
        var kinds: [String] = []
        while let event = try harness.feed.next() {
            switch event {
            case .advance(let time): kinds.append("advance \(time == bar(0, "AAPL", 0).timestamp ? 0 : 1)")
            case .bar(let bar): kinds.append("bar \(bar.symbol)")
            case .execution: kinds.append("execution")
            case .idle: kinds.append("idle")
            }
        }
        #expect(kinds == ["advance 0", "bar AAPL", "bar XOM", "advance 1", "bar AAPL"])
        #expect(harness.time.nowMilliseconds == bar(1, "AAPL", 0).timestamp)
    }
}
