import RunnerCore
import RunnerRisk
import RunnerTesting
import Testing

/// Whatever targets arrive, in whatever order, the book built from the approved ones never breaks a
/// limit: gross exposure, any sector's net exposure, any position's risk, or the correlation budget.
@Suite struct RiskPropertyTests {
    static let symbols: [Symbol] = ["AAPL", "MSFT", "XOM", "JPM"]
    static let prices: [Symbol: Double] = ["AAPL": 100, "MSFT": 200, "XOM": 50, "JPM": 150]

    @Test(arguments: 0..<20)
    func noSequenceOfApprovedTargetsBreaksALimit(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed) &+ 1000)
        let rules = limits(positionRisk: 0.01, grossExposure: 1, sectors: ["technology": 0.4, "energy": 0.3,
                                                                            "financials": 0.3],
                           correlationBudget: 0.06)
        let correlations = CorrelationMatrix(returns: [
            "AAPL": [2, -1, -1, 0.5], "MSFT": [1, -2, 1, 0.2], "XOM": [-1, 1, 0, 0.3], "JPM": [0.5, 0.5, -1, 0],
        ])
        let gate = try gate(rules)
        var positions: [Symbol: PortfolioView.Holding] = [:]
        // Batches of one to five targets decided in one session, as a decision tick is.
        for _ in 0..<120 {
            let batch = (0...(random.next() % 5)).map { _ -> (TargetPosition, Double?) in
                let symbol = Self.symbols[Int(random.next() % 4)]
                let size = Int64(random.next() % 12_001) - 6000
                let stop = [nil, 1.0, 5.0, 20.0][Int(random.next() % 4)]
                return (target(symbol, size, stop: stop), stop)
            }
            let decisions = gate.evaluate(batch.map(\.0), portfolio: portfolio(positions, correlations: correlations))
            for ((proposed, stop), decision) in zip(batch, decisions) where decision.isApproved {
                let perShare = stop ?? rules.defaultStop * Self.prices[proposed.symbol]!
                positions[proposed.symbol] = proposed.signedSize == 0
                    ? nil : .init(quantity: proposed.signedSize, stopDistance: perShare)
            }
            try expectWithinLimits(positions, rules, correlations)
        }
    }

    func expectWithinLimits(_ positions: [Symbol: PortfolioView.Holding], _ rules: RiskLimits,
                            _ correlations: CorrelationMatrix) throws {
        let equity = 1_000_000.0
        let tolerance = 1e-12
        var gross = 0.0
        var sectors: [String: Double] = [:]
        var risks: [(Symbol, Double)] = []
        for (symbol, holding) in positions {
            let notional = Double(holding.quantity) * Self.prices[symbol]!
            gross += abs(notional)
            sectors[rules.sectors[symbol]!, default: 0] += notional
            let risk = Double(holding.quantity) * holding.stopDistance / equity
            #expect(abs(risk) <= rules.positionRisk + tolerance, "\(symbol) risk \(risk)")
            risks.append((symbol, risk))
        }
        #expect(gross / equity <= rules.grossExposure + tolerance, "gross \(gross / equity)")
        for (sector, net) in sectors {
            #expect(abs(net / equity) <= rules.sectorLimit(sector) + tolerance, "\(sector) net \(net / equity)")
        }
        var combined = 0.0
        for (a, ra) in risks { for (b, rb) in risks { combined += ra * rb * correlations.correlation(a, b) } }
        #expect(combined.squareRoot() <= rules.correlationBudget + tolerance, "combined \(combined.squareRoot())")
    }
}
