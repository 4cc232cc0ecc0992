import Foundation
import RunnerCore
import RunnerRisk

/// Generous limits except where a test tightens one, so each table exercises a single check.
func limits(
    positionRisk: Double = 1, grossExposure: Double = 10, sectors: [String: Double] = [:], dailyLossHalt: Double = 0.5,
    correlationBudget: Double = 10, restricted: Set<Symbol> = [], maxOrderNotional: Double = 1e12,
    maxOrdersPerMinute: Int = 1000, priceBand: Double = 1, defaultStop: Double = 0.02
) -> RiskLimits {
    RiskLimits(
        positionRisk: positionRisk, grossExposure: grossExposure, defaultSectorNetExposure: 10,
        sectorNetExposure: sectors, sectors: ["AAPL": "technology", "MSFT": "technology", "XOM": "energy", "JPM": "financials"],
        dailyLossHalt: dailyLossHalt, correlationBudget: correlationBudget, restricted: restricted,
        maxOrderNotional: maxOrderNotional, maxOrdersPerMinute: maxOrdersPerMinute, priceBand: priceBand,
        defaultStop: defaultStop)
}

func target(_ symbol: Symbol, _ signedSize: Int64, price: Double? = nil, stop: Double? = nil) -> TargetPosition {
    let prices: [Symbol: Double] = ["AAPL": 100, "MSFT": 200, "XOM": 50, "JPM": 150]
    return TargetPosition(
        strategy: "test", symbol: symbol, side: signedSize > 0 ? .long : (signedSize < 0 ? .short : .flat),
        size: abs(signedSize), confidence: 1, decisionTime: 0, referencePrice: price ?? prices[symbol] ?? 1,
        stopDistance: stop)
}

func portfolio(
    _ positions: [Symbol: PortfolioView.Holding] = [:], equity: Double = 1_000_000, startOfDay: Double = 1_000_000,
    correlations: CorrelationMatrix = CorrelationMatrix()
) -> PortfolioView {
    PortfolioView(
        positions: positions, lastPrices: ["AAPL": 100, "MSFT": 200, "XOM": 50, "JPM": 150], equity: equity,
        startOfDayEquity: startOfDay, correlations: correlations)
}

func gate(_ limits: RiskLimits, time: ManualTimeSource = ManualTimeSource(milliseconds: 1_767_623_400_000),
          session: TradingSession = .utcDay, store: any TradingStateStore = MemoryTradingStateStore(),
          log: MemoryDecisionLog? = nil) throws -> RiskGate {
    try RiskGate(limits: limits, time: time, session: session, store: store, log: log)
}
