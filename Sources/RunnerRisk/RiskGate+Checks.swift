import RunnerCore

extension RiskGate {
    /// The ordered checks of the type's documentation; books the target into `summary` when approved.
    func check(_ target: TargetPosition, portfolio: PortfolioView, summary: inout PortfolioSummary, now: Int64)
        -> RiskDecision
    {
        func deny(_ code: DenialCode, _ figures: [Denial.Figure]) -> RiskDecision {
            .denied(Denial(code: code, target: target, figures: figures))
        }
        let symbol = target.symbol
        let current = portfolio.exposureQuantity(symbol)
        let wanted = target.signedSize
        let lastPrice = portfolio.lastPrices[symbol]
        let price = lastPrice ?? target.referencePrice
        guard price.isFinite, price > 0, portfolio.equity > 0 else {
            return deny(.missingData, [.init("price", "\(price)"), .init("equity", "\(portfolio.equity)")])
        }
        // 7. The price band applies to every target, reductions included.
        if let lastPrice, target.referencePrice.isFinite, abs(target.referencePrice - lastPrice) > limits.priceBand * lastPrice {
            return deny(.priceOutOfBand, [.init("price", "\(target.referencePrice)"), .init("last", "\(lastPrice)"),
                                          .init("band", percent(limits.priceBand))])
        }
        let stopPerShare = target.stopDistance.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? limits.defaultStop * price
        let newRisk = Double(wanted) * stopPerShare / portfolio.equity
        let newNotional = Double(wanted) * price
        let sector = limits.sectors[symbol]
        let slot = summary.slot(of: symbol)
        let matrixIndex = portfolio.correlations.position(of: symbol) ?? -1
        let heldNotional = summary.notional(slot: slot)
        // A reduction: the same side, no more shares, and no more risk (a wider stop on fewer shares
        // can still risk more, and then it is new risk like any other).
        let reduces = abs(wanted) <= abs(current) && (wanted == 0 || (wanted > 0) == (current > 0))
            && abs(newRisk) <= abs(summary.risk(slot: slot))
        if reduces {
            // Shrinking one leg of a hedge can still raise a sector's net exposure or the combined
            // risk: then, and only then, those two limits apply to a reduction.
            if let sector {
                let before = (summary.sectorNet[sector] ?? 0) / portfolio.equity
                let after = (((summary.sectorNet[sector] ?? 0) - heldNotional) + newNotional) / portfolio.equity
                if abs(after) > limits.sectorLimit(sector), abs(after) > abs(before) {
                    return deny(.sectorExposureExceeded, [.init("sector", sector), .init("net", percent(after, distinctFrom: limits.sectorLimit(sector))),
                                                          .init("limit", percent(limits.sectorLimit(sector)))])
                }
            }
            let before = summary.combinedRiskSquared.squareRoot()
            let combined = summary.combinedRisk(slot: slot, matrixIndex: matrixIndex, newRisk: newRisk, portfolio.correlations)
            if combined > limits.correlationBudget, combined > before {
                return deny(.correlationBudgetExceeded, [.init("combined", percent(combined, distinctFrom: limits.correlationBudget)),
                                                         .init("limit", percent(limits.correlationBudget))])
            }
            summary.apply(symbol: symbol, slot: slot, matrixIndex: matrixIndex, sector: sector,
                          newNotional: newNotional, newRisk: newRisk, portfolio.correlations)
            return .approved(ApprovedTarget(target: target, approvedAt: now))
        }
        // 0. Trading state set by the kill switch or a command.
        if state.mode == .halted && state.reason != .dailyLoss {
            return deny(.tradingHalted, [.init("reason", state.reason.rawValue)])
        }
        if state.mode == .reducing { return deny(.reducingOnly, []) }
        // 1. Position risk.
        if abs(newRisk) > limits.positionRisk {
            return deny(.positionRiskExceeded, [.init("risk", percent(abs(newRisk), distinctFrom: limits.positionRisk)), .init("limit", percent(limits.positionRisk))])
        }
        // 2. Gross exposure after the change.
        let gross = (summary.grossNotional - abs(heldNotional) + abs(newNotional)) / portfolio.equity
        if gross > limits.grossExposure {
            return deny(.grossExposureExceeded, [.init("gross", percent(gross, distinctFrom: limits.grossExposure)), .init("limit", percent(limits.grossExposure))])
        }
        // 3. Net exposure of the sector after the change.
        guard let sector else { return deny(.missingData, [.init("sector", "none")]) }
        let sectorNet = ((summary.sectorNet[sector] ?? 0) - heldNotional + newNotional) / portfolio.equity
        if abs(sectorNet) > limits.sectorLimit(sector) {
            return deny(.sectorExposureExceeded, [.init("sector", sector), .init("net", percent(sectorNet, distinctFrom: limits.sectorLimit(sector))),
                                                  .init("limit", percent(limits.sectorLimit(sector)))])
        }
        // 4. Daily loss: a drawdown beyond the limit halts trading for the day.
        let drawdown = portfolio.drawdown
        if drawdown > limits.dailyLossHalt, !(state.mode == .halted && state.reason == .dailyLoss) {
            change(to: .halted, reason: .dailyLoss)
        }
        if state.mode == .halted {
            return deny(.dailyLossHalt, [.init("drawdown", percent(drawdown, distinctFrom: limits.dailyLossHalt)), .init("limit", percent(limits.dailyLossHalt))])
        }
        // 5. Correlation budget over the book after the change.
        let combined = summary.combinedRisk(slot: slot, matrixIndex: matrixIndex, newRisk: newRisk, portfolio.correlations)
        if combined > limits.correlationBudget {
            return deny(.correlationBudgetExceeded, [.init("combined", percent(combined, distinctFrom: limits.correlationBudget)),
                                                     .init("limit", percent(limits.correlationBudget))])
        }
        // 6. Restricted symbols.
        if limits.restricted.contains(symbol) { return deny(.restrictedSymbol, []) }
        // 8. Order notional of the change.
        let orderNotional = abs(Double(wanted - current)) * price
        if orderNotional > limits.maxOrderNotional {
            return deny(.orderNotionalExceeded, [.init("notional", "\(orderNotional.rounded())"),
                                                 .init("limit", "\(limits.maxOrderNotional)")])
        }
        // 9. Orders per minute.
        if !bucket.take(now: now) {
            return deny(.orderRateExceeded, [.init("limit", "\(limits.maxOrdersPerMinute)/min")])
        }
        summary.apply(symbol: symbol, slot: slot, matrixIndex: matrixIndex, sector: sector,
                      newNotional: newNotional, newRisk: newRisk, portfolio.correlations)
        return .approved(ApprovedTarget(target: target, approvedAt: now))
    }
}
