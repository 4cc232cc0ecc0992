import RunnerCore

extension RiskGate {
    /// The ordered checks of the type's documentation; books the target into `summary` when approved.
    func check(_ target: TargetPosition, portfolio: PortfolioView, summary: inout PortfolioSummary, now: Int64)
        -> RiskDecision
    {
        func deny(_ code: DenialCode, _ figures: [Denial.Figure]) -> RiskDecision {
            .denied(Denial(code: code, target: target, figures: figures))
        }
        func figure(_ name: String, _ value: Double, limit: Double) -> Denial.Figure {
            .init(name, percent(value, distinctFrom: limit))
        }
        let symbol = target.symbol
        let slot = summary.slot(of: symbol)
        // What the book holds and will hold, with this session's approvals booked in.
        let filled = portfolio.positions[symbol]?.quantity ?? 0
        let projected = summary.quantity(of: symbol) ?? portfolio.exposureQuantity(symbol)
        let wanted = target.signedSize
        let lastPrice = portfolio.lastPrices[symbol]
        let bandBroken: Bool = {
            guard let lastPrice else { return false }
            return !target.referencePrice.isFinite || abs(target.referencePrice - lastPrice) > limits.priceBand * lastPrice
        }()
        // Built only for a denial: formatting numbers costs more than every check together.
        var bandFigures: [Denial.Figure] {
            [.init("price", "\(target.referencePrice)"), .init("last", lastPrice.map { "\($0)" } ?? "none"),
             .init("band", percent(limits.priceBand))]
        }

        // A reduction shrinks both the filled and the projected position without changing side; it
        // is judged by shares first, so it passes even when prices or equity are missing.
        func shrinks(_ from: Int64) -> Bool { abs(wanted) <= abs(from) && (wanted == 0 || (wanted > 0) == (from > 0)) }
        let shrinksShares = shrinks(projected) && shrinks(filled == 0 ? projected : filled)
        let priceKnown = lastPrice.map { $0.isFinite && $0 > 0 } ?? false
        if shrinksShares, wanted == 0 || !priceKnown || portfolio.equity <= 0 {
            if bandBroken { return deny(.priceOutOfBand, bandFigures) }
            summary.bookReduction(symbol: symbol, slot: slot, sector: limits.sectors[symbol], to: wanted,
                                  from: projected, portfolio.correlations)
            return .approved(ApprovedTarget(target: target, approvedAt: now))
        }
        let price = lastPrice ?? target.referencePrice
        guard price.isFinite, price > 0, portfolio.equity > 0 else {
            return deny(.missingData, [.init("price", "\(price)"), .init("equity", "\(portfolio.equity)")])
        }
        let stopPerShare = target.stopDistance.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? limits.defaultStop * price
        let newRisk = Double(wanted) * stopPerShare / portfolio.equity
        let newNotional = Double(wanted) * price
        let sector = limits.sectors[symbol]
        let matrixIndex = portfolio.correlations.position(of: symbol) ?? -1
        let heldNotional = summary.notional(slot: slot)
        // A wider stop on fewer shares can still risk more: then it is new risk like any other.
        if shrinksShares, abs(newRisk) <= abs(summary.risk(slot: slot)) {
            if bandBroken { return deny(.priceOutOfBand, bandFigures) }
            // Shrinking one leg of a hedge can still raise a sector's net exposure or the combined
            // risk: then, and only then, those two limits apply to a reduction.
            if let sector {
                let before = (summary.sectorNet[sector] ?? 0) / portfolio.equity
                let after = ((summary.sectorNet[sector] ?? 0) - heldNotional + newNotional) / portfolio.equity
                if abs(after) > limits.sectorLimit(sector), abs(after) > abs(before) {
                    return deny(.sectorExposureExceeded, [.init("sector", sector),
                                                          figure("net", after, limit: limits.sectorLimit(sector)),
                                                          .init("limit", percent(limits.sectorLimit(sector)))])
                }
            }
            let combined = summary.combinedRisk(slot: slot, matrixIndex: matrixIndex, newRisk: newRisk, portfolio.correlations)
            if combined > limits.correlationBudget, combined > summary.combinedRisk {
                return deny(.correlationBudgetExceeded, [figure("combined", combined, limit: limits.correlationBudget),
                                                         .init("limit", percent(limits.correlationBudget))])
            }
            summary.apply(symbol: symbol, slot: slot, matrixIndex: matrixIndex, sector: sector, quantity: wanted,
                          newNotional: newNotional, newRisk: newRisk, portfolio.correlations)
            return .approved(ApprovedTarget(target: target, approvedAt: now))
        }
        // New risk. Without a price for everything the book holds, its exposure cannot be known.
        guard summary.unpricedSymbols.isEmpty, lastPrice != nil else {
            let missing = lastPrice == nil ? [symbol] : summary.unpricedSymbols
            return deny(.missingData, [.init("no_price", missing.map(\.rawValue).joined(separator: ","))])
        }
        guard portfolio.startOfDayEquity.isFinite, portfolio.startOfDayEquity > 0 else {
            return deny(.missingData, [.init("start_of_day_equity", "\(portfolio.startOfDayEquity)")])
        }
        // 0. Trading state set by the kill switch or a command, or a state change that was not saved.
        if persistenceError != nil { return deny(.tradingHalted, [.init("reason", "state_not_saved")]) }
        if state.mode == .halted && state.reason != .dailyLoss {
            return deny(.tradingHalted, [.init("reason", state.reason.rawValue)])
        }
        if state.mode == .reducing { return deny(.reducingOnly, []) }
        // 1. Position risk.
        if abs(newRisk) > limits.positionRisk {
            return deny(.positionRiskExceeded, [figure("risk", abs(newRisk), limit: limits.positionRisk),
                                                .init("limit", percent(limits.positionRisk))])
        }
        // 2. Gross exposure after the change.
        let gross = (summary.grossNotional - abs(heldNotional) + abs(newNotional)) / portfolio.equity
        if gross > limits.grossExposure {
            return deny(.grossExposureExceeded, [figure("gross", gross, limit: limits.grossExposure),
                                                 .init("limit", percent(limits.grossExposure))])
        }
        // 3. Net exposure of the sector after the change.
        guard let sector else { return deny(.missingData, [.init("sector", "none")]) }
        let sectorNet = ((summary.sectorNet[sector] ?? 0) - heldNotional + newNotional) / portfolio.equity
        if abs(sectorNet) > limits.sectorLimit(sector) {
            return deny(.sectorExposureExceeded, [.init("sector", sector),
                                                  figure("net", sectorNet, limit: limits.sectorLimit(sector)),
                                                  .init("limit", percent(limits.sectorLimit(sector)))])
        }
        // 4. Daily loss (the halt itself was set when the decision began).
        if state.mode == .halted {
            return deny(.dailyLossHalt, [figure("drawdown", portfolio.drawdown, limit: limits.dailyLossHalt),
                                         .init("limit", percent(limits.dailyLossHalt))])
        }
        // 5. Correlation budget over the book after the change.
        let combined = summary.combinedRisk(slot: slot, matrixIndex: matrixIndex, newRisk: newRisk, portfolio.correlations)
        if combined > limits.correlationBudget {
            return deny(.correlationBudgetExceeded, [figure("combined", combined, limit: limits.correlationBudget),
                                                     .init("limit", percent(limits.correlationBudget))])
        }
        // 6. Restricted symbols.
        if limits.restricted.contains(symbol) { return deny(.restrictedSymbol, []) }
        // 7. Price band.
        if bandBroken { return deny(.priceOutOfBand, bandFigures) }
        // 8. Order notional of the change.
        let orderNotional = abs(Double(wanted - projected)) * price
        if orderNotional > limits.maxOrderNotional {
            return deny(.orderNotionalExceeded, [.init("notional", "\(orderNotional.rounded())"),
                                                 .init("limit", "\(limits.maxOrderNotional)")])
        }
        // 9. Orders per minute.
        if !bucket.take(now: now) {
            return deny(.orderRateExceeded, [.init("limit", "\(limits.maxOrdersPerMinute)/min")])
        }
        summary.apply(symbol: symbol, slot: slot, matrixIndex: matrixIndex, sector: sector, quantity: wanted,
                      newNotional: newNotional, newRisk: newRisk, portfolio.correlations)
        return .approved(ApprovedTarget(target: target, approvedAt: now))
    }
}
