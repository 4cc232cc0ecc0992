import Foundation
import RunnerCore
import RunnerSignals

/// `runner bench compute`: rows per second of `runner compute` with three indicators, CSV parsing and
/// output formatting included, over a generated file of `rows` bars.
public struct ComputeBenchmark: Sendable {
    public static let expressions = ["ema(close, 12)", "rsi(close, 14)", "bbands(close, 20, 2).upper"]
    public var rows: Int
    public var runs: Int

    public init(rows: Int = 1_000_000, runs: Int = 3) {
        self.rows = rows
        self.runs = runs
    }

    public struct Result: Sendable, CustomStringConvertible {
        public var rows: Int
        public var medianSeconds: Double
        public var outputBytes: Int
        public var description: String {
            String(format: "computed %d rows x %d expressions: median %.3f s, %.0f rows/s (%d bytes of output)",
                   rows, ComputeBenchmark.expressions.count, medianSeconds, Double(rows) / medianSeconds, outputBytes)
        }
    }

    public func run(workspace: Workspace) throws -> Result {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("runner-bench-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try Self.writeBars(rows: rows, to: file)
        var times: [Double] = []
        var outputBytes = 0
        for _ in 0..<max(1, runs) {
            let counter = ByteCounter()
            let start = DispatchTime.now().uptimeNanoseconds
            let output = workspace.compute(input: file.path, expressions: Self.expressions, policy: .stop) {
                counter.count += $0.count
            }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            guard output.exitCode == .success else { throw BenchmarkError(output.standardError) }
            outputBytes = counter.count
        }
        times.sort()
        return Result(rows: rows, medianSeconds: times[times.count / 2], outputBytes: outputBytes)
    }

    /// Ten symbols of one-minute bars from a seeded random walk, ISO-8601 timestamps.
    static func writeBars(rows: Int, to file: URL) throws {
        let symbols = (0..<10).map { "SYM\($0)" }
        let closes = IndicatorBenchmark.series(points: rows)
        var text = "timestamp,symbol,open,high,low,close,volume\n"
        text.reserveCapacity(rows * 70)
        let formatter = ISO8601DateFormatter()
        var stamp = ""
        for (index, close) in closes.enumerated() {
            if index % symbols.count == 0 {
                stamp = formatter.string(from: Date(timeIntervalSince1970: 1_767_623_400 + Double(index / symbols.count) * 60))
            }
            // Reflect the walk so prices stay positive over a million steps.
            let rounded = ((50 + abs(close - 100)) * 100).rounded() / 100
            text += "\(stamp),\(symbols[index % symbols.count]),\(rounded),\(rounded + 0.25),\(rounded - 0.25),\(rounded),1000\n"
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    final class ByteCounter: @unchecked Sendable { var count = 0 }
}
