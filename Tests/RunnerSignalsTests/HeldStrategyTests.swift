import Foundation
import RunnerConfig
import RunnerCore
import RunnerEvaluation
import RunnerPipeline
import Testing

@testable import RunnerSignals

func candle(_ minute: Int64, high: Double, low: Double, close: Double, symbol: Symbol = "AAPL") -> Bar {
    Bar(symbol: symbol, timestamp: minute * 60_000, open: close, high: high, low: low, close: close, volume: 100)
}

/// The held form: entries, exits, the hold between them, and protective exits.
@Suite struct HeldStrategyTests {
    let equity = Money(100_000, "USD")
    let compiler = ExpressionCompiler(registry: .standard)

    func engine(_ body: String, timeframe: String = "1m") throws -> SignalEngine {
        let config = try strategy("""
            strategy: probe
            universe: [AAPL]
            timeframe: \(timeframe)
            \(body)
            sizing: {model: fixed_quantity, quantity: 100}
            """)
        return SignalEngine(strategies: [try CompiledStrategy(config, compiler: compiler)], equity: equity)
    }

    func run(_ engine: SignalEngine, _ bars: [Bar]) -> [TargetPosition] {
        var targets: [TargetPosition] = []
        for bar in bars { targets += engine.process(bar) }
        return targets + engine.finish()
    }

    @Test func anEntryIsHeldUntilItsExitWhereTheStatelessRulesWouldGoFlat() throws {
        let held = try engine("rules: {enter_long: close > 10, exit_long: close < 8}")
        let closes: [Double] = [9, 11, 12, 9, 7, 11]
        let targets = run(held, closes.enumerated().map { bar(Int64($0.offset), $0.element) })
        #expect(targets.map(\.side) == [.flat, .long, .long, .long, .flat, .long])
        #expect(targets.map(\.reason) == ["hold", "enter_long", "hold", "hold", "exit_long", "enter_long"])
        #expect(targets.map(\.size) == [0, 100, 100, 100, 0, 100])

        let stateless = try engine("rules: {long: close > 10}")
        let now = run(stateless, closes.enumerated().map { bar(Int64($0.offset), $0.element) })
        #expect(now.map(\.side) == [.flat, .long, .long, .flat, .flat, .long])
        #expect(now.allSatisfy { $0.reason == nil })
    }

    @Test func anExitAndAnEntryOnOneBar() throws {
        // While long, the exit and the opposite entry on one bar: a reversal, both journaled.
        let reversing = try engine("""
            rules: {enter_long: close > 10, exit_long: close < 5, enter_short: close < 5, exit_short: close > 10}
            """)
        let reversal = run(reversing, [bar(0, 11), bar(1, 4), bar(2, 11)])
        #expect(reversal.map(\.side) == [.long, .short, .long])
        #expect(reversal.map(\.reason) == ["enter_long", "exit_long, enter_short", "exit_short, enter_long"])

        // Entry and exit rules both true: a flat strategy enters (exits apply to a position); a long one
        // exits and does not enter the side it left on the same bar.
        let both = try engine("rules: {enter_long: close > 10, exit_long: close > 10}")
        let targets = run(both, [bar(0, 11), bar(1, 11), bar(2, 11)])
        #expect(targets.map(\.side) == [.long, .flat, .long])
        #expect(targets.map(\.reason) == ["enter_long", "exit_long", "enter_long"])
    }

    @Test func aStopHitByTheBarThatEnteredClosesThePositionAtOnce() throws {
        let held = try engine("""
            rules: {enter_long: close > 10, exit_long: close < 0}
            exits: {stop_loss: 2}
            """)
        var targets = held.process(candle(0, high: 12, low: 10, close: 11))
        #expect(targets.isEmpty)
        // The entry decision (close 11, stop 9) comes at the next time; its first bar trades down to 8.5.
        targets = held.process(candle(1, high: 11.5, low: 8.5, close: 10.8))
        #expect(targets.map(\.side) == [.long])
        #expect(held.heldPositions.isEmpty)
        // The stop went out with the next time; the entry rule still holds, but not on the bar that stopped out.
        targets = held.process(candle(2, high: 11.5, low: 10.5, close: 11))
        #expect(targets.map(\.side) == [.flat])
        #expect(targets.map(\.reason) == ["stop_loss"])
        #expect(targets.map(\.decisionTime) == [120_000])
        #expect(held.finish().map(\.reason) == ["enter_long"])
    }

    @Test func protectiveExitsGoOutBetweenTheStrategysTicks() throws {
        let held = try engine("""
            rules: {enter_long: close > 10, exit_long: close < 0}
            exits: {stop_loss: 1%}
            """, timeframe: "5m")
        var targets: [TargetPosition] = []
        for minute in Int64(0)..<5 { targets += held.process(candle(minute, high: 11, low: 10.5, close: 11)) }
        targets += held.process(candle(5, high: 11, low: 10.95, close: 11))  // the 5m tick: enter at 11, stop 10.89
        #expect(targets.map(\.reason) == ["enter_long"])
        targets = held.process(candle(6, high: 11, low: 10.8, close: 10.9))  // through the stop
        #expect(targets.isEmpty)
        targets = held.process(candle(7, high: 11, low: 10.9, close: 11))
        // Out at 7m, the first time after the bar that hit the stop; not at the 10m tick.
        #expect(targets.map(\.reason) == ["stop_loss"])
        #expect(targets.map(\.decisionTime) == [7 * 60_000])
        #expect(targets.map(\.referencePrice) == [10.9])
    }

    @Test func takeProfitTrailingStopAndMaxBars() throws {
        let profit = try engine("""
            rules: {enter_long: close > 10, exit_long: close < 0}
            exits: {take_profit: 10%}
            """)
        let taken = run(profit, [candle(0, high: 10, low: 10, close: 10.5), candle(1, high: 11.4, low: 10, close: 11),
                                 candle(2, high: 11.6, low: 11, close: 11.2), candle(3, high: 11, low: 10.2, close: 10.4)])
        // Entry 10.5 at the first tick: 11.55 is reached by the third bar's high.
        #expect(taken.map(\.reason) == ["enter_long", "hold", "take_profit", "enter_long"])

        let trailing = try engine("""
            rules: {enter_long: close > 10 and position == 0 and close < 10.2, exit_long: close < 0}
            exits: {trailing_stop: 1}
            """)
        let trailed = run(trailing, [candle(0, high: 10.1, low: 10, close: 10.1), candle(1, high: 13, low: 10.5, close: 12.8),
                                     candle(2, high: 12.9, low: 12.1, close: 12.5), candle(3, high: 12.5, low: 11.9, close: 12)])
        // Best price 13 after the second bar: the trail is at 12, touched by the fourth bar's low.
        #expect(trailed.map(\.reason) == ["enter_long", "hold", "hold", "trailing_stop"])

        let timed = try engine("""
            rules: {enter_long: close > 10, exit_long: close < 0}
            exits: {max_bars: 2}
            """)
        let bars = (0..<6).map { bar(Int64($0), 11) }
        #expect(run(timed, bars).map(\.reason) == ["enter_long", "hold", "max_bars", "enter_long", "hold", "max_bars"])
    }

    @Test func expressionsReadTheStrategysOwnPosition() throws {
        let held = try engine("""
            indicators:
              gain: close - entry_price
            rules:
              enter_long: position == 0 and close > 10
              exit_long: bars_in_position >= 3 or gain < -1
            """)
        let targets = run(held, [bar(0, 11), bar(1, 12), bar(2, 12), bar(3, 13), bar(4, 11), bar(5, 9.5)])
        // In at 11; the third bar after the entry closes it; in again at 11, out when 1.5 below the entry.
        #expect(targets.map(\.reason) == ["enter_long", "hold", "hold", "exit_long", "enter_long", "exit_long"])
    }

    @Test func aRestartHoldsThePositionTheJournalKept() throws {
        let body = """
            rules: {enter_long: close > 10 and close < 10.5, exit_long: close < 8}
            exits: {stop_loss: 1.5}
            """
        let first = try engine(body)
        _ = first.process(bar(0, 10.2))
        _ = first.process(bar(1, 12))
        _ = first.process(bar(2, 12))
        let held = first.heldPositions
        #expect(held.map(\.position.side) == [.long])
        #expect(held.first?.position.barsHeld == 1)
        #expect(held.first?.position.stopLoss == 10.2 - 1.5)

        // A new engine (a restart) holds it: the entry rule no longer holds, the position is still long,
        // and its stop, measured at the entry, still closes it.
        let restarted = try engine(body)
        #expect(restarted.restore(held.map { ($0.strategy, $0.symbol, $0.position) }).isEmpty)
        var targets = restarted.process(candle(3, high: 12.5, low: 11.5, close: 12))
        targets += restarted.process(candle(4, high: 12, low: 8.6, close: 9))
        targets += restarted.process(bar(5, 12))
        #expect(targets.map(\.side) == [.long, .flat])
        #expect(targets.map(\.reason) == ["hold", "stop_loss"])
        #expect(restarted.restore([("other", "AAPL", held[0].position)]).count == 1)
    }

    @Test func positionChangesAreReportedForTheJournal() throws {
        let held = try engine("rules: {enter_long: close > 10, exit_long: close < 8}")
        _ = held.process(bar(0, 11))
        _ = held.process(bar(1, 11))
        let entered = held.takePositionChanges()
        #expect(entered.map(\.position?.side) == [.long])
        #expect(held.takePositionChanges().isEmpty)
        _ = held.process(bar(2, 7))
        _ = held.process(bar(3, 7))
        let changes = held.takePositionChanges()
        #expect(changes.count == 1)
        #expect(changes.first?.position == nil)
    }

    @Test func aShortPositionsExitsMirrorALongs() throws {
        let short = try engine("""
            rules: {enter_short: close < 10, exit_short: close > 100}
            exits: {stop_loss: 1, take_profit: 2, trailing_stop: 1.5}
            """)
        _ = short.process(candle(0, high: 10, low: 9, close: 9.5))
        _ = short.process(candle(1, high: 9.6, low: 8, close: 8.2))  // short at 9.5: stop 10.5, target 7.5
        let held = try #require(short.heldPositions.first?.position)
        #expect(held.side == .short)
        #expect(held.stopLoss == 10.5)
        #expect(held.takeProfit == 7.5)
        #expect(held.bestPrice == 8)  // the lowest low since the entry: the trail is at 9.5
        var targets = short.process(candle(2, high: 9.4, low: 8.1, close: 9.3))
        #expect(targets.map(\.reason) == ["hold"])
        targets = short.process(candle(3, high: 9.6, low: 9.2, close: 9.5))  // through the trail at 9.5
        #expect(targets.map(\.reason) == ["hold"])
        #expect(short.finish().map(\.reason) == ["trailing_stop"])

        let profit = try engine("""
            rules: {enter_short: close < 10, exit_short: close > 100}
            exits: {take_profit: 10%}
            """)
        let taken = run(profit, [candle(0, high: 10, low: 9, close: 9), candle(1, high: 9, low: 8.2, close: 8.5),
                                 candle(2, high: 8.5, low: 8.05, close: 8.2)])
        // Short at 9: the target 8.1 is reached by the third bar's low; the end of the data sends the exit.
        #expect(taken.map(\.reason) == ["enter_short", "hold", "take_profit"])
    }

    @Test func aReversalWithNoSizeOnlyClosesAndSaysSo() throws {
        let config = try strategy("""
            strategy: probe
            universe: [AAPL]
            timeframe: 1m
            rules: {enter_long: close < 60, enter_short: close > 140}
            sizing: {model: fixed_notional, notional: 100 USD}
            """)
        let engine = SignalEngine(strategies: [try CompiledStrategy(config, compiler: compiler)], equity: equity)
        let targets = run(engine, [bar(0, 50), bar(1, 150)])
        #expect(targets.map(\.side) == [.long, .flat])
        #expect(targets.map(\.size) == [2, 0])
        #expect(targets.map(\.reason) == ["enter_long", "enter_short (no size)"])
    }

    @Test func anExitThatCannotBeMeasuredAtTheEntryIsSaid() throws {
        let held = try engine("""
            indicators:
              distance: close - 20
            rules: {enter_long: close > 10, exit_long: close < 0}
            exits: {stop_loss: distance}
            """)
        let targets = run(held, [bar(0, 11)])
        #expect(targets.map(\.reason) == ["enter_long, stop_loss not set"])
    }

    @Test func aRestartOnColdIndicatorsStillCountsBarsAndAppliesMaxBars() throws {
        let body = """
            indicators:
              mean: sma(close, 5)
            rules: {enter_long: close > mean, exit_long: close < 0}
            exits: {max_bars: 3}
            """
        let restarted = try engine(body)
        let position = StrategyPosition(side: .long, size: 100, entryPrice: 10, entryTime: 0, barsHeld: 1)
        restarted.restore([("probe", "AAPL", position)])
        // sma(5) is cold for four bars: no rule decides, but the position is held and counted; the second
        // bar after the restart is its third.
        let targets = run(restarted, (10..<14).map { bar(Int64($0), 11) })
        #expect(targets.map(\.reason) == ["max_bars"])
        #expect(targets.map(\.side) == [.flat])
        #expect(restarted.heldPositions.isEmpty)
    }

    @Test func aStopOnColdIndicatorsBlocksReentryOnlyOnItsOwnBar() throws {
        let restarted = try engine("""
            indicators:
              mean: sma(close, 2)
            rules: {enter_long: close > mean, exit_long: close < 0}
            exits: {stop_loss: 1}
            """)
        restarted.restore([("probe", "AAPL", StrategyPosition(side: .long, size: 100, entryPrice: 10, entryTime: 0,
                                                              stopLoss: 9))])
        // The first bar (indicators cold) goes through the stop; the next one, warm, may enter again.
        let targets = run(restarted, [candle(0, high: 10, low: 8.5, close: 10), bar(1, 12)])
        #expect(targets.map(\.reason) == ["stop_loss", "enter_long"])
    }
}
