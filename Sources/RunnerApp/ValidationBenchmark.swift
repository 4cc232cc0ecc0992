import Foundation
import RunnerConfig

/// `runner bench validate`: how long `runner validate` takes on a generated root of many strategies.
///
/// The root holds `strategies` strategy files (each with five indicators, three rules, confidence and
/// sizing), one limits file and one environment that runs them all, so cross-file checks are included.
/// Files are read from disk on every run, as `runner validate` does.
public struct ValidationBenchmark: Sendable {
    public var strategies: Int
    public var runs: Int

    public init(strategies: Int = 200, runs: Int = 15) {
        self.strategies = strategies
        self.runs = runs
    }

    /// Median, fastest and slowest wall-clock time of loading and checking the whole root.
    public struct Result: Sendable, CustomStringConvertible {
        public var files: Int
        public var runs: Int
        public var median: Duration
        public var fastest: Duration
        public var slowest: Duration

        public var description: String {
            let perFile = median / files
            return "validated \(files) files \(runs) times: median \(milliseconds(median)) ms, "
                + "fastest \(milliseconds(fastest)) ms, slowest \(milliseconds(slowest)) ms "
                + "(\(microseconds(perFile)) us per file)"
        }

        private func milliseconds(_ duration: Duration) -> String {
            String(format: "%.2f", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1e3)
        }

        private func microseconds(_ duration: Duration) -> String {
            String(format: "%.1f", Double(duration.components.attoseconds) / 1e12 + Double(duration.components.seconds) * 1e6)
        }
    }

    public func run(workspace: Workspace) throws -> Result {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("runner-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try writeRoot(at: root)
        let loader = Workspace(root: root.path, registries: workspace.registries).loader
        var times: [Duration] = []
        let clock = ContinuousClock()
        for _ in 0..<max(1, runs) {
            var configuration: Configuration?
            times.append(clock.measure { configuration = loader.load(root: root.path) })
            guard let configuration, configuration.isValid, configuration.strategies.count == strategies else {
                throw BenchmarkError("the generated root did not validate: \(configuration?.diagnostics.first.map(String.init(describing:)) ?? "")")
            }
        }
        times.sort()
        return Result(files: strategies + 2, runs: times.count, median: times[times.count / 2],
                      fastest: times[0], slowest: times[times.count - 1])
    }

    func writeRoot(at root: URL) throws {
        for folder in ["strategies", "limits", "environments"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let symbols = (0..<20).map { "SYM\($0)" }
        var names: [String] = []
        for index in 0..<strategies {
            let name = String(format: "strategy_%04d", index)
            names.append(name)
            let universe = (0..<5).map { symbols[(index + $0) % symbols.count] }.joined(separator: ", ")
            let fast = 5 + index % 20
            let text = """
                strategy: \(name)
                universe: [\(universe)]
                timeframe: \(1 + index % 15)m
                indicators:
                  fast: ema(close, \(fast))
                  slow: sma(close, \(fast * 4))
                  rsi: rsi(close, 14)
                  vol: atr(14)
                  band: bbands(close, 20, 2).upper
                rules:
                  long: crosses_above(fast, slow) and rsi < 70 and close > close[1]
                  short: fast < slow and rsi > 30 or close > band
                  flat: abs(fast - slow) < 0.1 * vol
                confidence: clamp(abs(fast - slow) / vol, 0, 1)
                sizing:
                  model: volatility_target
                  risk_per_position: 0.5%
                  stop: 2 * vol

                """
            try text.write(to: root.appendingPathComponent("strategies/\(name).yaml"), atomically: true, encoding: .utf8)
        }
        let sectors = symbols.enumerated().map { "\($0.element): sector\($0.offset % 4)" }.joined(separator: ", ")
        try """
            environment: bench
            account: BENCH-1
            position_risk: 1%
            gross_exposure: 100%
            sector_net_exposure: {default: 30%}
            sectors: {\(sectors)}
            daily_loss_halt: 3%
            correlation_budget: 6%
            correlation_lookback: 390
            order: {max_notional: 250000 USD, max_per_minute: 120}

            """.write(to: root.appendingPathComponent("limits/bench.yaml"), atomically: true, encoding: .utf8)
        try """
            mode: paper
            limits: limits/bench.yaml
            strategies: [\(names.joined(separator: ", "))]
            account: {id: BENCH-1, starting_equity: 1000000 USD}
            broker: {adapter: paper}
            market_data: {source: csv, path: data/sample}

            """.write(to: root.appendingPathComponent("environments/bench.yaml"), atomically: true, encoding: .utf8)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
