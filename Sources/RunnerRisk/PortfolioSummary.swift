import RunnerCore

/// The book's totals the checks need, computed once per batch of targets and then adjusted as targets
/// are approved, so each decision costs O(1) plus one row of the correlation matrix.
struct PortfolioSummary {
    let equity: Double
    private(set) var grossNotional = 0.0
    private(set) var sectorNet: [String: Double] = [:]
    /// Signed notional and signed risk (fraction of equity) of each symbol the book holds or works.
    private(set) var notional: [Symbol: Double] = [:]
    private(set) var risk: [Symbol: Double] = [:]
    /// r' C r over all symbols' risks: the square of the combined risk.
    private(set) var combinedRiskSquared = 0.0
    private var positions: [(symbol: Symbol, matrixIndex: Int?, risk: Double)] = []

    init(portfolio: PortfolioView, limits: RiskLimits) {
        equity = portfolio.equity
        var symbols = Set(portfolio.positions.keys)
        symbols.formUnion(portfolio.workingOrders.keys)
        for symbol in symbols.sorted() {
            let quantity = portfolio.exposureQuantity(symbol)
            guard quantity != 0, let price = portfolio.lastPrices[symbol], price > 0 else { continue }
            let value = Double(quantity) * price
            notional[symbol] = value
            grossNotional += abs(value)
            if let sector = limits.sectors[symbol] { sectorNet[sector, default: 0] += value }
            let stop = portfolio.positions[symbol]?.stopDistance ?? .nan
            let perShare = stop.isFinite && stop > 0 ? stop : limits.defaultStop * price
            let signedRisk = equity > 0 ? Double(quantity) * perShare / equity : 0
            risk[symbol] = signedRisk
            positions.append((symbol, portfolio.correlations.position(of: symbol), signedRisk))
        }
        for a in positions {
            for b in positions {
                combinedRiskSquared += a.risk * b.risk * correlation(a.matrixIndex, b.matrixIndex, a.symbol == b.symbol,
                                                                      portfolio.correlations)
            }
        }
    }

    /// Combined risk if `symbol`'s risk became `newRisk` (sqrt of r' C r with that one entry changed).
    func combinedRisk(replacing symbol: Symbol, with newRisk: Double, correlations: CorrelationMatrix) -> Double {
        let old = risk[symbol] ?? 0
        let delta = newRisk - old
        let index = correlations.position(of: symbol)
        var rowDotRisk = 0.0  // (C r)_k
        for position in positions {
            rowDotRisk += position.risk * correlation(index, position.matrixIndex, position.symbol == symbol, correlations)
        }
        let updated = combinedRiskSquared + 2 * delta * rowDotRisk + delta * delta
        return max(0, updated).squareRoot()
    }

    /// Books an approved target, so the next decision of the batch sees it.
    mutating func apply(symbol: Symbol, sector: String?, newNotional: Double, newRisk: Double,
                        correlations: CorrelationMatrix) {
        let oldNotional = notional[symbol] ?? 0
        grossNotional += abs(newNotional) - abs(oldNotional)
        if let sector { sectorNet[sector, default: 0] += newNotional - oldNotional }
        notional[symbol] = newNotional
        let combined = combinedRisk(replacing: symbol, with: newRisk, correlations: correlations)
        combinedRiskSquared = combined * combined
        risk[symbol] = newRisk
        if let index = positions.firstIndex(where: { $0.symbol == symbol }) {
            positions[index].risk = newRisk
        } else {
            positions.append((symbol, correlations.position(of: symbol), newRisk))
        }
    }

    private func correlation(_ i: Int?, _ j: Int?, _ same: Bool, _ matrix: CorrelationMatrix) -> Double {
        if same { return 1 }
        guard let i, let j else { return 0 }
        return matrix.value(i, j)
    }
}
