import RunnerConfig
import RunnerCore
import RunnerEvaluation
import RunnerPipeline
import Testing

@testable import RunnerSignals

@Suite struct HigherTimeframeSignalTests {
    @Test func aRuleReadsTheLastCompletedHigherBarOfTheStrategyBars() throws {
        let config = try strategy("""
            strategy: probe
            universe: [AAPL]
            timeframe: 5m
            rules: {long: close@15m > 100, short: close@15m <= 100}
            sizing: {model: fixed_quantity, quantity: 10}
            """)
        let compiled = try CompiledStrategy(config, compiler: ExpressionCompiler(registry: .standard))
        #expect(compiled.program.warmUpBars == 2)  // one 15-minute bar: three 5-minute bars
        let engine = SignalEngine(strategies: [compiled], equity: Money(100_000, "USD"))
        // Minute bars: the first quarter hour closes at 110, the second at 95; every other close is 90, so a
        // rule reading the quarter hour in progress would turn short at once.
        var targets: [TargetPosition] = []
        for minute in Int64(0)..<30 {
            let close: Double = minute == 14 ? 110 : minute == 29 ? 95 : 90
            targets += engine.process(bar(minute, close))
        }
        targets += engine.finish()
        #expect(targets.map(\.side) == [.long, .long, .long, .short])
        #expect(targets.map(\.decisionTime) == [15, 20, 25, 30].map { $0 * 60_000 })
    }
}
