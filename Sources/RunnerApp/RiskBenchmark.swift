import Foundation
import RunnerConfig
import RunnerCore
import RunnerRisk

/// `runner bench risk`: the full check sequence per decision on a book of 100 symbols with 50 open
/// positions, correlations included; percentiles of single decisions.
public struct RiskBenchmark: Sendable {
    public var decisions: Int

    public init(decisions: Int = 200_000) { self.decisions = decisions }

    public struct Result: Sendable, CustomStringConvertible {
        public var decisions: Int
        public var approved: Int
        public var p50: Double
        public var p99: Double
        public var p999: Double
        public var description: String {
            String(format: "%d decisions (%d approved): p50 %.0f ns, p99 %.0f ns, p99.9 %.0f ns per decision",
                   decisions, approved, p50, p99, p999)
        }
    }

    public func run() throws -> Result {
        let symbols = (0..<100).map { Symbol("S\($0)") }
        var random: UInt64 = 7
        func next() -> Double {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(random >> 11) / Double(1 << 53)
        }
        let returns = Dictionary(uniqueKeysWithValues: symbols.map { symbol in
            (symbol, (0..<390).map { _ in next() - 0.5 })
        })
        let prices = Dictionary(uniqueKeysWithValues: symbols.map { ($0, 20 + 200 * next()) })
        let sectors = Dictionary(uniqueKeysWithValues: symbols.enumerated().map { ($1, "sector\($0 % 10)") })
        let limits = RiskLimits(
            positionRisk: 0.01, grossExposure: 1.5, defaultSectorNetExposure: 0.3, sectorNetExposure: [:],
            sectors: sectors, dailyLossHalt: 0.03, correlationBudget: 0.06, restricted: [],
            maxOrderNotional: 250_000, maxOrdersPerMinute: 1_000_000_000, priceBand: 0.1, defaultStop: 0.02)
        var positions: [Symbol: PortfolioView.Holding] = [:]
        for symbol in symbols.prefix(50) {
            let shares = Int64(5_000 / prices[symbol]!) * (next() < 0.5 ? 1 : -1)
            positions[symbol] = .init(quantity: shares, stopDistance: prices[symbol]! * 0.02)
        }
        let book = PortfolioView(
            positions: positions, lastPrices: prices, equity: 1_000_000, startOfDayEquity: 1_000_000,
            correlations: CorrelationMatrix(returns: returns))
        let targets = (0..<1000).map { index -> TargetPosition in
            let symbol = symbols[index % 100]
            let shares = Int64(1 + next() * 8_000 / prices[symbol]!)
            return TargetPosition(strategy: "bench", symbol: symbol, side: next() < 0.5 ? .long : .short, size: shares,
                                  confidence: 1, decisionTime: 0, referencePrice: prices[symbol]!)
        }
        let gate = try RiskGate(limits: limits, time: ManualTimeSource(milliseconds: 1_767_623_400_000),
                                session: ConfigDefaults.session, store: MemoryTradingStateStore(),
                                log: MemoryDecisionLog(capacity: 0))
        var samples = [UInt64](repeating: 0, count: decisions)
        var approved = 0
        var session = gate.session(portfolio: book)
        for index in 0..<decisions {
            // A fresh view every 1,000 decisions, so approvals do not fill the book for good.
            if index % targets.count == 0 { session = gate.session(portfolio: book) }
            let target = targets[index % targets.count]
            let start = DispatchTime.now().uptimeNanoseconds
            let decision = session.evaluate(target)
            samples[index] = DispatchTime.now().uptimeNanoseconds - start
            if decision.isApproved { approved += 1 }
        }
        samples.sort()
        func percentile(_ p: Double) -> Double { Double(samples[min(samples.count - 1, Int(Double(samples.count) * p))]) }
        return Result(decisions: decisions, approved: approved, p50: percentile(0.5), p99: percentile(0.99),
                      p999: percentile(0.999))
    }
}
