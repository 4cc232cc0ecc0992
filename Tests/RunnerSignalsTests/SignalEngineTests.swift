import Foundation
import RunnerConfig
import RunnerCore
import RunnerEvaluation
import RunnerPipeline
import Testing

@testable import RunnerSignals

/// Loads one strategy from YAML text through the real loader (so the test covers YAML -> targets).
func strategy(_ yaml: String, name: String = "probe") throws -> StrategyConfig {
    let loader = ConfigurationLoader(catalog: PluginRegistries.standard.catalog)
    let configuration = loader.load(files: [
        ConfigFileSource(kind: .strategy, relativePath: "strategies/\(name).yaml", bytes: Array(yaml.utf8))
    ])
    #expect(configuration.diagnostics.map(\.description) == [])
    return try #require(configuration.strategies[name])
}

func bar(_ minute: Int64, _ close: Double, symbol: Symbol = "AAPL", volume: Double = 100) -> Bar {
    Bar(symbol: symbol, timestamp: minute * 60_000, open: close, high: close + 1, low: close - 1, close: close,
        volume: volume)
}

@Suite struct SignalEngineTests {
    let equity = Money(100_000, "USD")
    let compiler = ExpressionCompiler(registry: .standard)

    @Test func rulesBecomeTargetsAfterWarmUpAtTheEndOfEachBar() throws {
        let config = try strategy("""
            strategy: probe
            universe: [AAPL]
            timeframe: 1m
            indicators:
              mean: sma(close, 3)
            rules: {long: close > mean, short: close < mean}
            confidence: abs(close - mean) / 2
            sizing: {model: fixed_quantity, quantity: 10}
            """)
        let log = MemorySignalLog()
        let engine = SignalEngine(strategies: [try CompiledStrategy(config, compiler: compiler)], equity: equity, signalLog: log)
        var targets: [TargetPosition] = []
        for (minute, close) in [10.0, 11, 12, 9, 9].enumerated() { targets += engine.process(bar(Int64(minute), close)) }
        targets += engine.finish()
        // sma(3) is warm on the third bar: 12 > 11 long; 9 < 10.67 short; 9 < 10 short.
        #expect(targets.map(\.side) == [.long, .short, .short])
        #expect(targets.map(\.size) == [10, 10, 10])
        #expect(targets.map(\.decisionTime) == [180_000, 240_000, 300_000])
        #expect(targets.map(\.referencePrice) == [12, 9, 9])
        #expect(targets[0].confidence == 0.5)
        #expect(abs(targets[1].confidence - 5.0 / 6) < 1e-12)
        #expect(targets[2].confidence == 0.5)
        #expect(log.targets == targets)
    }

    @Test func barsAreAggregatedIntoTheStrategyTimeframe() throws {
        let config = try strategy("""
            strategy: probe
            universe: [AAPL]
            timeframe: 2m
            rules:
              long: close > close[1] and volume > 150
            sizing: {model: fixed_quantity, quantity: 1}
            """)
        let engine = SignalEngine(strategies: [try CompiledStrategy(config, compiler: compiler)], equity: equity)
        var targets: [TargetPosition] = []
        for (minute, close) in [10.0, 11, 12, 13, 12, 11].enumerated() { targets += engine.process(bar(Int64(minute), close)) }
        targets += engine.finish()
        // Three 2m bars closing at 11, 13, 11 with volume 200 each: warm from the second.
        #expect(targets.map(\.side) == [.long, .flat])
        #expect(targets.map(\.decisionTime) == [240_000, 360_000])
    }

    @Test func flatWinsAndConflictingRulesAreFlat() throws {
        let config = try strategy("""
            strategy: probe
            universe: [AAPL, MSFT]
            timeframe: 1m
            rules: {long: close > 0, short: close > 5, flat: close > 100}
            sizing: {model: fixed_quantity, quantity: 1}
            """)
        let engine = SignalEngine(strategies: [try CompiledStrategy(config, compiler: compiler)], equity: equity)
        _ = engine.process(bar(0, 3))
        _ = engine.process(bar(0, 7, symbol: "MSFT"))
        _ = engine.process(bar(0, 200, symbol: "TSLA"))  // not in the universe: ignored
        let targets = engine.finish()
        #expect(targets.map { "\($0.symbol) \($0.side)" } == ["AAPL long", "MSFT flat"])
    }

    @Test func volatilityTargetRisksTheConfiguredShareOfEquityAtTheStop() throws {
        let config = try strategy("""
            strategy: probe
            universe: [AAPL]
            timeframe: 1m
            rules: {long: close > 0}
            sizing:
              model: volatility_target
              risk_per_position: 0.5%
              stop: 2 * (high - low)
            """)
        let engine = SignalEngine(strategies: [try CompiledStrategy(config, compiler: compiler)], equity: equity)
        _ = engine.process(bar(0, 50))
        let target = try #require(engine.finish().first)
        // 100,000 x 0.5% / (2 x 2) = 125 shares.
        #expect(target.size == 125)
        #expect(target.side == .long)
    }

    @Test func sizingModelsRoundDownAndGiveZeroForNonsense() {
        let inputs = SizingInputs(equity: equity, referencePrice: 33, stopDistance: 0)
        #expect(FixedNotional(notional: Money(1000, "USD")).quantity(inputs) == 30)
        #expect(FixedNotional(notional: Money(1000, "USD")).quantity(SizingInputs(equity: equity, referencePrice: 0)) == 0)
        #expect(VolatilityTarget(riskPerPosition: .percent(1)).quantity(inputs) == 0)
        #expect(VolatilityTarget(riskPerPosition: .percent(1)).quantity(
            SizingInputs(equity: equity, referencePrice: 33, stopDistance: .nan)) == 0)
        #expect(VolatilityTarget(riskPerPosition: .percent(1)).quantity(
            SizingInputs(equity: equity, referencePrice: 33, stopDistance: 3)) == 333)
    }

    @Test func aZeroSizeMakesTheTargetFlat() throws {
        let config = try strategy("""
            strategy: probe
            universe: [AAPL]
            timeframe: 1m
            rules: {long: close > 0}
            sizing: {model: fixed_notional, notional: 10 USD}
            """)
        let engine = SignalEngine(strategies: [try CompiledStrategy(config, compiler: compiler)], equity: equity)
        _ = engine.process(bar(0, 50))
        let target = try #require(engine.finish().first)
        #expect(target.side == .flat)
        #expect(target.size == 0)
    }

    @Test func aDecisionTickClosesEverySymbolTogetherEvenWhenOneHasAGap() throws {
        let config = try strategy("""
            strategy: probe
            universe: [AAPL, MSFT]
            timeframe: 1m
            rules: {long: close > 0}
            sizing: {model: fixed_quantity, quantity: 1}
            """)
        let engine = SignalEngine(strategies: [try CompiledStrategy(config, compiler: compiler)], equity: equity)
        var emitted: [String] = []
        // MSFT trades in minutes 0 and 3 only; AAPL every minute.
        for (minute, symbol) in [(0, "AAPL"), (0, "MSFT"), (1, "AAPL"), (2, "AAPL"), (3, "AAPL"), (3, "MSFT")] {
            let targets = engine.process(bar(Int64(minute), 10, symbol: Symbol(symbol)))
            emitted += targets.map { "@\(minute): \($0.symbol) \($0.decisionTime / 60_000)" }
        }
        emitted += engine.finish().map { "end: \($0.symbol) \($0.decisionTime / 60_000)" }
        #expect(emitted == ["@1: AAPL 1", "@1: MSFT 1", "@2: AAPL 2", "@3: AAPL 3", "end: AAPL 4", "end: MSFT 4"])
    }
}
