import Foundation
import RunnerDiagnostics
import RunnerEvaluation
import RunnerExpressions
import RunnerIndicators
import Testing

private let minute: Int64 = 60_000
private let fiveMinutes: Int64 = 300_000
private let hour: Int64 = 3_600_000

/// Compiles `roots` (and named `definitions`) for base bars `baseTimeframe` long and steps one state
/// through `bars`, keeping every root's value after each bar.
private func evaluate(
    _ roots: [String: String], definitions: [String: String] = [:], bars: [BarFields],
    baseTimeframe: Int64? = fiveMinutes
) throws -> (program: EvaluationProgram, values: [String: [Double]]) {
    func parse(_ text: String) throws -> ExpressionNode {
        let origin = RunnerDiagnostics.SourceLocation(file: "test", line: 1, column: 1)
        return try #require(ExpressionParser.parse(text, origin: origin).expression, "'\(text)' does not parse")
    }
    var parsedDefinitions: [String: ExpressionNode] = [:]
    for (name, text) in definitions { parsedDefinitions[name] = try parse(text) }
    var parsedRoots: [(name: String, expression: ExpressionNode)] = []
    for (name, text) in roots.sorted(by: { $0.key < $1.key }) { parsedRoots.append((name, try parse(text))) }
    let program = try ExpressionCompiler(registry: .standard)
        .compile(definitions: parsedDefinitions, roots: parsedRoots, baseTimeframe: baseTimeframe)
    let state = program.makeState()
    var values: [String: [Double]] = [:]
    for bar in bars {
        state.step(bar)
        for name in roots.keys { values[name, default: []].append(state.value(of: name)) }
    }
    return (program, values)
}

/// `count` bars `length` apart from `start` (milliseconds), with distinct, wandering prices and volumes.
private func bars(count: Int, from start: Int64, every length: Int64 = fiveMinutes) -> [BarFields] {
    (0..<count).map { index in
        let step = Double(index)
        let close = 100 + 8 * sin(step / 5) + step * 0.05
        let open = close - 0.7 * cos(step / 3)
        let high = max(open, close) + 0.2 + 0.1 * Double(index % 4)
        let low = min(open, close) - 0.3 - 0.1 * Double(index % 3)
        return BarFields(
            timestamp: start + Int64(index) * length, open: open, high: high, low: low, close: close,
            volume: 100 + step)
    }
}

/// The bars of `length` built from `bars` the plain way: grouped by floor division of their start.
private func aggregated(_ bars: [BarFields], length: Int64) -> [BarFields] {
    var result: [BarFields] = []
    var period: Int64?
    for bar in bars {
        let barPeriod = Int64((Double(bar.timestamp) / Double(length)).rounded(.down))
        if barPeriod == period, var open = result.popLast() {
            open.high = max(open.high, bar.high)
            open.low = min(open.low, bar.low)
            open.close = bar.close
            open.volume += bar.volume
            result.append(open)
        } else {
            period = barPeriod
            result.append(BarFields(timestamp: barPeriod * length, open: bar.open, high: bar.high, low: bar.low,
                                    close: bar.close, volume: bar.volume))
        }
    }
    return result
}

/// Steps a program without higher timeframes through `bars`: the reference a higher timeframe must match.
private func reference(_ text: String, on bars: [BarFields]) throws -> [Double] {
    try evaluate(["x": text], bars: bars, baseTimeframe: nil).values["x"] ?? []
}

/// At each base bar of data starting on an hour, the index of the last completed hour, nil before the first.
private func lastCompletedHour(atBar index: Int) -> Int? {
    let completed = (index + 1) / 12
    return completed > 0 ? completed - 1 : nil
}

@Suite struct HigherTimeframeTests {
    /// 10:00 UTC on 2026-01-05.
    let tenOClock: Int64 = 1_767_607_200_000

    @Test func anHourIsReadableOnItsLastBaseBarAndNeverBefore() throws {
        let base = bars(count: 36, from: tenOClock)
        let hours = aggregated(base, length: hour)
        let (_, values) = try evaluate(
            ["open": "open@1h", "high": "high@1h", "low": "low@1h", "close": "close@1h", "volume": "volume@1h"],
            bars: base)
        for index in base.indices {
            guard let completed = lastCompletedHour(atBar: index) else {
                #expect(values["close"]![index].isNaN, "no hour is complete at bar \(index)")
                continue
            }
            let hourBar = hours[completed]
            #expect(values["open"]![index] == hourBar.open)
            #expect(values["high"]![index] == hourBar.high)
            #expect(values["low"]![index] == hourBar.low)
            #expect(values["close"]![index] == hourBar.close)
            #expect(values["volume"]![index] == hourBar.volume)
        }
        // The 10:55 bar ends at 11:00: its decision reads the 10:00 hour, whose close is that bar's own close.
        #expect(values["close"]![11] == base[11].close)
        // Every earlier bar of the 11:00 hour still reads the 10:00 hour, not the hour in progress.
        for index in 12...22 {
            #expect(values["close"]![index] == base[11].close)
            #expect(values["high"]![index] == base[0...11].map(\.high).max())
        }
        #expect(values["close"]![23] == base[23].close)
    }

    @Test func aGapCompletesTheHourBeforeTheLaterBarIsAdded() throws {
        // 10:00 to 10:30, then 11:10 and 11:15 (timestamps off the 5-minute grid, as a strategy bar may carry),
        // then 14:05: the 11:00 hour completes on arrival of a bar three hours later.
        let offsets: [Int64] = [0, 5, 10, 15, 20, 25, 30, 72, 75, 245]
        let base = zip(offsets, bars(count: offsets.count, from: 0)).map { offset, bar in
            var moved = bar
            moved.timestamp = tenOClock + offset * minute
            return moved
        }
        let (_, values) = try evaluate(["close": "close@1h", "volume": "volume@1h", "back": "close@1h[1]"], bars: base)
        #expect(values["close"]![0...6].allSatisfy { $0.isNaN })
        #expect(values["close"]![7] == base[6].close)
        #expect(values["close"]![8] == base[6].close)
        #expect(values["volume"]![7] == base[0...6].map(\.volume).reduce(0, +))
        #expect(values["close"]![9] == base[8].close)
        #expect(values["volume"]![9] == base[7].volume + base[8].volume)
        // The hours with no bar at all (12:00, 13:00) make no higher bar: one hour back is 10:00.
        #expect(values["back"]![9] == base[6].close)
    }

    @Test func anIndicatorOfAHigherSeriesRunsOnThatTimeframe() throws {
        let base = bars(count: 120, from: tenOClock)
        let hours = aggregated(base, length: hour)
        let hourlyEMA = try reference("ema(close, 3)", on: hours)
        let hourlyATR = try reference("atr(3)", on: hours)
        let hourlyRSI = try reference("rsi(close, 3)", on: hours)
        let (program, values) = try evaluate(
            ["inside": "ema(close@1h, 3)", "outside": "ema(close, 3)@1h", "atr": "atr(3)@1h",
             "rsi": "rsi(close, 3)@1h"],
            bars: base)
        #expect(program.indicatorCount == 3)  // the two spellings of the hourly EMA share one instance
        #expect(program.higherTimeframes == [hour])
        for name in ["inside", "outside"] {
            let expected = base.indices.map { lastCompletedHour(atBar: $0).map { hourlyEMA[$0] } ?? .nan }
            #expect(same(values[name]!, expected))
        }
        #expect(same(values["atr"]!, base.indices.map { lastCompletedHour(atBar: $0).map { hourlyATR[$0] } ?? .nan }))
        #expect(same(values["rsi"]!, base.indices.map { lastCompletedHour(atBar: $0).map { hourlyRSI[$0] } ?? .nan }))
        #expect(values["inside"]!.contains { $0.isFinite })
    }

    @Test func aLookBackCountsCompletedHigherBars() throws {
        let base = bars(count: 48, from: tenOClock)
        let hours = aggregated(base, length: hour)
        let (_, values) = try evaluate(["back": "close@1h[1]", "change": "close@1h - close@1h[1]"], bars: base)
        for index in base.indices {
            guard let completed = lastCompletedHour(atBar: index), completed >= 1 else {
                #expect(values["back"]![index].isNaN)
                continue
            }
            #expect(values["back"]![index] == hours[completed - 1].close)
            #expect(values["change"]![index] == hours[completed].close - hours[completed - 1].close)
        }
    }

    @Test func mixingTimeframesGivesABaseValueAndFeedsIndicatorsAtTheBase() throws {
        let base = bars(count: 30, from: tenOClock)
        let (_, values) = try evaluate(
            ["gap": "close - close@1h", "smooth": "sma(close - close@1h, 2)", "up": "crosses_above(close, close@1h)"],
            bars: base)
        let held = base.indices.map { index in index >= 11 ? base[index < 23 ? 11 : 23].close : .nan }
        let gaps = base.indices.map { base[$0].close - held[$0] }
        #expect(same(values["gap"]!, gaps))
        // The sma runs on every 5-minute bar: the mean of the last two base differences.
        #expect(same(values["smooth"]!, base.indices.map { $0 >= 12 ? (gaps[$0] + gaps[$0 - 1]) / 2 : .nan }))
        let crossings = base.indices.map { index -> Double in
            guard index >= 12 else { return .nan }
            return gaps[index] > 0 && gaps[index - 1] <= 0 ? 1 : 0
        }
        #expect(same(values["up"]!, crossings))
    }

    @Test func anOutputOfAHigherIndicatorIsChosenAfterTheTimeframe() throws {
        let base = bars(count: 60, from: tenOClock)
        let (program, values) = try evaluate(
            [
                "named": "bands.upper", "written": "bbands(close, 3, 2)@1h.upper",
                "inside": "bbands(close, 3, 2).upper@1h",
            ],
            definitions: ["bands": "bbands(close, 3, 2)@1h"], bars: base)
        #expect(program.indicatorCount == 1)
        let hourly = try reference("bbands(close, 3, 2).upper", on: aggregated(base, length: hour))
        let expected = base.indices.map { lastCompletedHour(atBar: $0).map { hourly[$0] } ?? .nan }
        for name in ["named", "written", "inside"] { #expect(same(values[name]!, expected)) }
    }

    @Test func warmUpCountsHigherBarsInBaseBars() throws {
        let cases: [(String, Int)] = [
            ("close@1h", 11), ("close@1h[1]", 23), ("ema(close@1h, 3)", 35), ("sma(close - close@1h, 2)", 12),
            ("rsi(close, 14)@1h", 14 * 12 + 11), ("close@2h", 23),
        ]
        let base = bars(count: 200, from: tenOClock)
        for (text, warmUp) in cases {
            let (program, values) = try evaluate(["x": text], bars: base)
            #expect(program.warmUpBars == warmUp, "\(text)")
            // On data starting at the top of the hour the bound is exact: the first value comes on that bar.
            #expect(values["x"]!.firstIndex { !$0.isNaN } == warmUp, "\(text)")
        }
        // Data starting mid-hour completes its first, partial hour sooner: the bound still covers it.
        let midHour = bars(count: 60, from: tenOClock + 30 * minute)
        let (program, values) = try evaluate(["x": "ema(close@1h, 3)"], bars: midHour)
        let first = try #require(values["x"]!.firstIndex { !$0.isNaN })
        #expect(first == 5 + 24 && first <= program.warmUpBars)
    }

    @Test func barsShorterThanTheDeclaredBaseNeverCompleteAnHourTwice() throws {
        // Minute bars stepped as 5-minute bars: 10:55 ends the hour; 10:56 to 10:59 belong to a completed hour
        // and are left out of it rather than completing it again.
        let base = bars(count: 65, from: tenOClock, every: minute)
        let (_, values) = try evaluate(["close": "close@1h", "volume": "volume@1h"], bars: base)
        #expect(values["close"]![0..<55].allSatisfy { $0.isNaN })
        for index in 55..<65 {
            #expect(values["close"]![index] == base[55].close)
            #expect(values["volume"]![index] == base[0...55].map(\.volume).reduce(0, +))
        }
    }

    @Test func daysAreUTCDays() throws {
        // Hourly bars from 20:00 UTC to 03:00 the next day.
        let start = tenOClock + 10 * hour
        let base = bars(count: 8, from: start, every: hour)
        let (_, values) = try evaluate(["day": "close@1d", "high": "high@1d"], bars: base, baseTimeframe: hour)
        #expect(values["day"]![0...2].allSatisfy { $0.isNaN })
        for index in 3..<8 { #expect(values["day"]![index] == base[3].close) }
        #expect(values["high"]![3] == base[0...3].map(\.high).max())
    }

    @Test func timeframesTheBaseCannotBuildAreCompilationErrors() {
        let base = bars(count: 1, from: tenOClock)
        #expect(throws: CompilationError.timeframe("'@1h' needs the length of the base bars, and none was given")) {
            _ = try evaluate(["x": "close@1h"], bars: base, baseTimeframe: nil)
        }
        #expect(throws: CompilationError.timeframe(
            "'@7m' is not a whole multiple of the base timeframe (5m) longer than it")) {
            _ = try evaluate(["x": "close@7m"], bars: base)
        }
        #expect(throws: CompilationError.timeframe(
            "'@4h' inside '@1h': a timeframe cannot be read inside another one")) {
            _ = try evaluate(["x": "(close - close@4h)@1h"], bars: base)
        }
    }

    @Test func programsWithoutTimeframesAreUnchanged() throws {
        let (program, _) = try evaluate(["x": "ema(close, 3) + 1"], bars: bars(count: 3, from: 0), baseTimeframe: nil)
        #expect(program.higherTimeframes == [])
        #expect(program.warmUpBars == 2)
    }
}
