import Foundation
import RunnerApp
import RunnerConfig
import RunnerCore
import RunnerEvaluation
import RunnerSignals
import RunnerTesting
import Testing

/// The example strategies (and one written as YAML only, in a test) run through the signal engine on
/// generated one-minute bars and produce targets on both sides.
@Suite struct ExampleStrategiesRunTests {
    /// Five days of seeded one-minute bars for each symbol, with trends long enough for every rule to fire.
    static func bars(symbols: [Symbol], minutes: Int = 5 * 390) -> [Bar] {
        var random = SplitMix64(seed: 7)
        var prices = Dictionary(uniqueKeysWithValues: symbols.map { ($0, 100.0) })
        var bars: [Bar] = []
        for minute in 0..<minutes {
            // Trending days and mean-reverting days, so trend and reversion rules both get to fire.
            let trending = (minute / 390) % 2 == 0
            for symbol in symbols {
                let shock = (Double(random.next() % 10_000) / 10_000 - 0.5) * (trending ? 0.6 : 1.5)
                let open = prices[symbol]!
                let drift = trending ? sin(Double(minute) / 60) * 0.08 : -0.2 * (open - 100)
                let close = max(1, open + drift + shock)
                prices[symbol] = close
                bars.append(Bar(symbol: symbol, timestamp: 1_767_623_400_000 + Int64(minute) * 60_000, open: open,
                                high: max(open, close) + 0.05, low: min(open, close) - 0.05, close: close,
                                volume: Double(1000 + random.next() % 5000)))
            }
        }
        return bars
    }

    func run(_ strategies: [StrategyConfig]) throws -> [TargetPosition] {
        let compiler = ExpressionCompiler(registry: InstalledPlugins.indicators)
        let compiled = try strategies.map { try CompiledStrategy($0, compiler: compiler) }
        let log = MemorySignalLog()
        let engine = SignalEngine(strategies: compiled, equity: Money(1_000_000, "USD"), signalLog: log)
        let symbols = Array(Set(strategies.flatMap { $0.universe.map(\.value) })).sorted()
        var targets: [TargetPosition] = []
        for bar in Self.bars(symbols: symbols) { targets += engine.process(bar) }
        targets += engine.finish()
        #expect(log.targets == targets)
        return targets
    }

    @Test func everyExampleStrategyEmitsLongAndShortTargets() throws {
        let configuration = Workspace(root: Repository.root.path).load()
        #expect(configuration.isValid)
        let targets = try run(configuration.strategies.values.sorted { $0.name.value < $1.name.value })
        // First decision: after the longest warm-up of each strategy, at the end of that timeframe bar.
        // ma_cross (5m): ema(close, 48) has a look-back of 47 bars, so the 48th five-minute bar decides, at minute 240.
        // mean_revert (5m): adx(14) needs 27 bars, so the 28th five-minute bar decides, at minute 140.
        // hull_trend (5m): hma(close, 21) needs 23 bars and `hull[1]` one more, so minute 125.
        // trend_hold (5m): ema(close@1h, 4) needs 4 completed hours, 48 five-minute bars, so minute 240 (later
        // than sma(close, 30) and its crossing, 31 bars).
        let start: Int64 = 1_767_623_400_000
        let firstDecisions = Dictionary(grouping: targets, by: \.strategy).mapValues { $0.map(\.decisionTime).min()! }
        #expect(firstDecisions == ["ma_cross": start + 240 * 60_000, "mean_revert": start + 140 * 60_000,
                                   "hull_trend": start + 125 * 60_000, "trend_hold": start + 240 * 60_000])
        for name in ["hull_trend", "ma_cross", "mean_revert"] {
            let own = targets.filter { $0.strategy == name }
            #expect(own.contains { $0.side == .long && $0.size > 0 }, "\(name) never went long")
            #expect(own.contains { $0.side == .short && $0.size > 0 }, "\(name) never went short")
            #expect(own.allSatisfy { (0...1).contains($0.confidence) })
        }
        // The held form (long only): entries, held positions, and exits by its rule and its protective exits.
        let held = targets.filter { $0.strategy == "trend_hold" }
        let reasons = Set(held.compactMap(\.reason))
        #expect(reasons.isSuperset(of: ["enter_long", "hold"]), "\(reasons)")
        #expect(!reasons.isDisjoint(with: ["exit_long", "stop_loss", "take_profit", "trailing_stop", "max_bars"]), "\(reasons)")
        #expect(held.contains { $0.side == .long && $0.size == 100 })
        #expect(held.allSatisfy { $0.side != .short })
    }

    @Test func aStrategyWrittenOnlyAsYAMLRuns() throws {
        let root = try Repository.scratchCopy(extraFiles: ["strategies/momentum_burst.yaml": """
            strategy: momentum_burst
            universe: [XOM, JPM]
            timeframe: 3m
            indicators:
              trend: macd(close, 6, 13, 4).hist
              speed: roc(close, 5)
              k: stoch(9, 3, 3).k
            rules:
              long: trend > 0 and speed > 0 and k < 80
              short: trend < 0 and speed < 0 and k > 20
              flat: abs(speed) < 0.01
            confidence: clamp(abs(speed), 0, 1)
            sizing:
              model: fixed_quantity
              quantity: 50

            """])
        defer { try? FileManager.default.removeItem(at: root) }
        let configuration = Workspace(root: root.path).load()
        #expect(configuration.diagnostics.map(\.description) == [])
        let strategy = try #require(configuration.strategies["momentum_burst"])
        let targets = try run([strategy])
        #expect(targets.contains { $0.side == .long && $0.size == 50 })
        #expect(targets.contains { $0.side == .short && $0.size == 50 })
        #expect(Set(targets.map(\.decisionTime)).count == targets.count / 2)  // two symbols per 3m tick
    }
}
