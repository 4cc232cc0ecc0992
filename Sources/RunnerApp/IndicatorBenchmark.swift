import Foundation
import RunnerIndicators

/// `runner bench indicators`: nanoseconds per streaming update of single indicators over one seeded
/// random walk, the same series `scripts/bench_talib.py` feeds TA-Lib.
public struct IndicatorBenchmark: Sendable {
    /// The calls measured (function name and constant parameters).
    public static let calls: [(name: String, parameters: [Double])] = [
        ("sma", [20]), ("ema", [20]), ("rsi", [14]), ("atr", [14]), ("macd", [12, 26, 9]), ("bbands", [20, 2]),
    ]

    public var points: Int
    public var runs: Int

    public init(points: Int = 1_000_000, runs: Int = 5) {
        self.points = points
        self.runs = runs
    }

    public struct Figure: Sendable {
        public var name: String
        /// One `update` call per point through the protocol, as the evaluator streams bars.
        public var medianNanosecondsPerUpdate: Double
        /// The whole series in one `run(_:output:into:)` call, as a batch tool would.
        public var medianNanosecondsPerPointInBatch: Double
        /// The last output, so the optimiser cannot drop the work (and a reader can compare it with TA-Lib's).
        public var lastValue: Double
    }

    /// A seeded random walk (the same generator as `scripts/bench_talib.py`: x[i] = x[i-1] + (u - 0.5)).
    public static func series(points: Int) -> [Double] {
        var state: UInt64 = 42
        var value = 100.0
        return (0..<points).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            value += Double(state >> 11) / Double(1 << 53) - 0.5
            return value
        }
    }

    public func run(registry: IndicatorRegistry = .standard) -> [Figure] {
        let closes = Self.series(points: points)
        let bars = closes.enumerated().map { index, close in
            BarFields(timestamp: Int64(index) * 60_000, open: close, high: close + 0.25, low: close - 0.25,
                      close: close, volume: 1000)
        }
        let inputs = bars.map { IndicatorInput(first: $0.close, bar: $0) }
        var results = [Double](repeating: .nan, count: points)
        return Self.calls.compactMap { call in
            guard let descriptor = registry.descriptor(named: call.name) else { return nil }
            var times: [Double] = []
            var batchTimes: [Double] = []
            var last = Double.nan
            for _ in 0..<max(1, runs) {
                let indicator = descriptor.make(call.parameters)
                let start = DispatchTime.now().uptimeNanoseconds
                for input in inputs { indicator.update(input) }
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(points))
                last = indicator.value(0)
                let batch = descriptor.make(call.parameters)
                let batchStart = DispatchTime.now().uptimeNanoseconds
                inputs.withUnsafeBufferPointer { input in
                    results.withUnsafeMutableBufferPointer { batch.run(input, output: 0, into: $0) }
                }
                batchTimes.append(Double(DispatchTime.now().uptimeNanoseconds - batchStart) / Double(points))
                precondition(results[points - 1].bitPattern == last.bitPattern || last.isNaN, "batch and streaming differ")
            }
            times.sort()
            batchTimes.sort()
            return Figure(name: call.name, medianNanosecondsPerUpdate: times[times.count / 2],
                          medianNanosecondsPerPointInBatch: batchTimes[batchTimes.count / 2], lastValue: last)
        }
    }
}
