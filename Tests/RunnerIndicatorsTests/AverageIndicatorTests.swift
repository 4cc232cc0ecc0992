import RunnerTesting
import Testing

@testable import RunnerIndicators

/// Behaviour of the averages family beyond what the 1e-9 golden comparison shows.
@Suite struct AverageIndicatorTests {
    /// The family's TA-Lib functions, which reproduce TA-Lib's arithmetic rather than only approximating it.
    /// (`sma` keeps the older running-sum order; `zscore` is checked against numpy, not TA-Lib.)
    static let bitExactFunctions: Set = [
        "ema", "wma", "dema", "tema", "macd", "bbands", "stddev", "roc", "mom", "highest", "lowest", "correlation",
    ]

    private func input(_ value: Double, _ second: Double = .nan) -> IndicatorInput {
        IndicatorInput(
            first: value, second: second,
            bar: BarFields(timestamp: 0, open: value, high: value, low: value, close: value, volume: 0))
    }

    private func randomWalk(count: Int, seed: UInt64, start: Double = 100, step: Double = 1) -> [Double] {
        var generator = SplitMix64(seed: seed)
        var level = start
        return (0..<count).map { _ in
            level += Double.random(in: -step...step, using: &generator)
            return level
        }
    }

    private func outputs(of indicator: any StreamingIndicator, over values: [Double]) -> [[Double]] {
        values.map { value in
            indicator.update(input(value))
            return (0..<indicator.outputCount).map(indicator.value)
        }
    }

    @Test(arguments: GoldenCase.computed.filter { bitExactFunctions.contains($0.function) })
    func matchesTALibBitForBit(_ golden: GoldenCase) throws {
        let descriptor = try #require(IndicatorRegistry.standard.descriptor(named: golden.function))
        let indicator = descriptor.make(golden.parameters)
        let table = try golden.input()
        let expected = try golden.expected()
        for index in table.rows.indices {
            indicator.update(table.input(at: index, arguments: golden.arguments))
            for (output, column) in expected.enumerated() {
                let actual = indicator.value(output)
                let want = column[index]
                guard want.isNaN ? actual.isNaN : actual == want else {
                    Issue.record("\(golden) \(golden.outputs[output])[\(index)]: expected \(want), got \(actual)")
                    return
                }
            }
        }
    }

    @Test func macdSwapsAFastPeriodLongerThanTheSlowOneAsTALibDoes() {
        let values = randomWalk(count: 300, seed: 7)
        let swapped = MovingAverageConvergenceDivergence(fastPeriod: 26, slowPeriod: 12, signalPeriod: 9)
        let ordered = MovingAverageConvergenceDivergence(fastPeriod: 12, slowPeriod: 26, signalPeriod: 9)
        #expect(swapped.lookback == 33)
        #expect(ordered.lookback == 33)
        let swappedOutputs = outputs(of: swapped, over: values)
        let orderedOutputs = outputs(of: ordered, over: values)
        for (index, (got, want)) in zip(swappedOutputs, orderedOutputs).enumerated() {
            #expect(got.elementsEqual(want) { $0 == $1 || ($0.isNaN && $1.isNaN) }, "bar \(index)")
        }
    }

    @Test(arguments: [2, 3, 7, 50])
    func highestAndLowestMatchAScanOfTheWindow(period: Int) {
        // Half-unit steps give many ties; the falling and rising runs fill the candidate deque completely.
        let walk = randomWalk(count: 3_000, seed: UInt64(period)).map { ($0 * 2).rounded() / 2 }
        let values = walk + (0..<120).map { 500 - Double($0) } + (0..<120).map { Double($0) }
        let highest = WindowExtreme.highest(period: period)
        let lowest = WindowExtreme.lowest(period: period)
        for index in values.indices {
            highest.update(input(values[index]))
            lowest.update(input(values[index]))
            guard index >= period - 1 else {
                #expect(highest.value(0).isNaN && lowest.value(0).isNaN)
                continue
            }
            let window = values[(index - period + 1)...index]
            #expect(highest.value(0) == window.max(), "bar \(index)")
            #expect(lowest.value(0) == window.min(), "bar \(index)")
        }
    }

    @Test func aWindowThatTurnsConstantHasExactlyZeroSpread() {
        let values = [3.0, 7.5, 1.25, 9.0, 4.0, 2.0] + Array(repeating: 0.1, count: 8)
        let deviation = StandardDeviation(period: 3)
        let bands = BollingerBands(period: 3, deviations: 2)
        let zScore = ZScore(period: 3)
        for value in values {
            deviation.update(input(value))
            bands.update(input(value))
            zScore.update(input(value))
        }
        #expect(deviation.value(0) == 0)
        // The middle band keeps TA-Lib's running-sum residue (0.09999999999999991); the bands close on it.
        #expect(bands.value(0) == bands.value(1) && bands.value(2) == bands.value(1))
        #expect(abs(bands.value(1) - 0.1) < 1e-15)
        #expect(zScore.value(0) == 0)
    }

    @Test func rateOfChangeIsZeroWhenTheOldValueIsZero() {
        let rateOfChange = RateOfChange(period: 1)
        let values = outputs(of: rateOfChange, over: [0, 5, 0, 2]).map { $0[0] }
        #expect(values[0].isNaN)
        #expect(Array(values.dropFirst()) == [0, -100, 0])
    }

    @Test func correlationIsZeroWhileEitherSeriesIsConstantAndClampedToOne() {
        let constantSecond = PearsonCorrelation(period: 4)
        let linear = PearsonCorrelation(period: 4)
        let mirrored = PearsonCorrelation(period: 4)
        for value in randomWalk(count: 50, seed: 3) {
            constantSecond.update(input(value, 42))
            linear.update(input(value, 2 * value + 1))
            mirrored.update(input(value, -value))
        }
        #expect(constantSecond.value(0) == 0)
        #expect(abs(linear.value(0) - 1) < 1e-12 && linear.value(0) <= 1)
        #expect(abs(mirrored.value(0) + 1) < 1e-12 && mirrored.value(0) >= -1)
    }

    @Test func varianceStaysAccurateOverALongStreamWithLevelJumps() {
        // Every 500 bars the level jumps between about 100 and a million, where the steps shrink to 0.001.
        let walk = randomWalk(count: 5_000, seed: 11)
        let values = walk.enumerated().map { index, value in
            index % 1_000 < 500 ? value : 1e6 + value * 1e-3
        }
        let period = 20
        let deviation = StandardDeviation(period: period)
        let correlation = PearsonCorrelation(period: period)
        let others = randomWalk(count: values.count, seed: 12)
        for index in values.indices {
            deviation.update(input(values[index]))
            correlation.update(input(values[index], others[index] + values[index]))
            guard index >= period - 1 else { continue }
            let window = values[(index - period + 1)...index]
            let other = (index - period + 1...index).map { others[$0] + values[$0] }
            let mean = window.reduce(0, +) / Double(period)
            let otherMean = other.reduce(0, +) / Double(period)
            let squares = window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let otherSquares = other.reduce(0) { $0 + ($1 - otherMean) * ($1 - otherMean) }
            let products = zip(window, other).reduce(0) { $0 + ($1.0 - mean) * ($1.1 - otherMean) }
            let exactDeviation = (squares / Double(period)).squareRoot()
            let exactCorrelation = products / (squares * otherSquares).squareRoot()
            #expect(abs(deviation.value(0) - exactDeviation) <= 1e-6 * exactDeviation, "bar \(index)")
            #expect(abs(correlation.value(0) - exactCorrelation) <= 1e-6, "bar \(index)")
        }
    }
}
