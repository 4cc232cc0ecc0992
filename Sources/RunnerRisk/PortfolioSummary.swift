import RunnerCore

/// The book's totals the checks need, computed once per decision session and then adjusted as targets
/// are approved, so each decision costs O(1) plus one row of the correlation matrix.
struct PortfolioSummary {
    /// One symbol the book holds or works: signed notional, signed risk (fraction of equity), and its
    /// row in the correlation matrix (-1 when it has none).
    struct Entry {
        var notional: Double
        var risk: Double
        let matrixIndex: Int
    }

    let equity: Double
    private(set) var grossNotional = 0.0
    private(set) var sectorNet: [String: Double] = [:]
    private(set) var entries: [Entry] = []
    private var slots: [Symbol: Int] = [:]
    /// Projected quantity (position plus working orders, with this session's approvals) per symbol.
    private var quantities: [Symbol: Int64] = [:]
    /// Symbols the book holds or works that have no usable last price.
    private(set) var unpricedSymbols: [Symbol] = []
    /// r' C r over all entries: the square of the combined risk. Kept unclamped: an estimated matrix need
    /// not be positive semi-definite, and clamping each update would make the sum drift.
    private(set) var combinedRiskSquared = 0.0

    /// sqrt(r' C r) of the book as it stands.
    var combinedRisk: Double { max(0, combinedRiskSquared).squareRoot() }

    init(portfolio: PortfolioView, limits: RiskLimits) {
        equity = portfolio.equity
        // Held or worked symbols in symbol order (the order the sums below are taken in), without a set.
        var symbols = Array(portfolio.positions.keys)
        for symbol in portfolio.workingOrders.keys where portfolio.positions[symbol] == nil { symbols.append(symbol) }
        symbols.sort()
        quantities.reserveCapacity(symbols.count)
        for symbol in symbols {
            let holding = portfolio.positions[symbol]
            let quantity = (holding?.quantity ?? 0) + (portfolio.workingOrders[symbol] ?? 0)
            quantities[symbol] = quantity
            guard quantity != 0 else { continue }
            guard let price = portfolio.lastPrices[symbol], price.isFinite, price > 0 else {
                unpricedSymbols.append(symbol)
                continue
            }
            let value = Double(quantity) * price
            grossNotional += abs(value)
            if let sector = limits.sectors[symbol] { sectorNet[sector, default: 0] += value }
            let stop = holding?.stopDistance ?? .nan
            let perShare = stop.isFinite && stop > 0 ? stop : limits.defaultStop * price
            let risk = equity > 0 ? Double(quantity) * perShare / equity : 0
            slots[symbol] = entries.count
            entries.append(Entry(notional: value, risk: risk, matrixIndex: portfolio.correlations.position(of: symbol) ?? -1))
        }
        for k in entries.indices {
            combinedRiskSquared += entries[k].risk * rowDotRisk(slot: k, matrixIndex: entries[k].matrixIndex,
                                                               portfolio.correlations)
        }
    }

    /// Where `symbol` stands among the entries, if the book holds or works it.
    func slot(of symbol: Symbol) -> Int? { slots[symbol] }

    func notional(slot: Int?) -> Double { slot.map { entries[$0].notional } ?? 0 }
    /// The projected quantity, when this session knows the symbol.
    func quantity(of symbol: Symbol) -> Int64? { quantities[symbol] }

    /// Books a reduction decided by shares alone (a close to flat, or no price or equity to value it
    /// with). The entry the book valued shrinks with its quantity, so a close to flat frees all of its
    /// gross, sector and correlation figures for the targets decided after it in the same session;
    /// a symbol closed to flat no longer counts as unpriced.
    mutating func bookReduction(symbol: Symbol, slot: Int?, sector: String?, to quantity: Int64, from projected: Int64,
                                _ correlations: CorrelationMatrix) {
        if quantity == 0 { unpricedSymbols.removeAll { $0 == symbol } }
        guard let slot, projected != 0 else {
            quantities[symbol] = quantity
            return
        }
        // The entry was valued at the projected quantity; same price and stop, fewer shares.
        let kept = Double(quantity) / Double(projected)
        let entry = entries[slot]
        apply(symbol: symbol, slot: slot, matrixIndex: entry.matrixIndex, sector: sector, quantity: quantity,
              newNotional: entry.notional * kept, newRisk: entry.risk * kept, correlations)
    }
    func risk(slot: Int?) -> Double { slot.map { entries[$0].risk } ?? 0 }

    /// Combined risk if the entry at `slot` (or a new one at `matrixIndex`) had `newRisk`.
    func combinedRisk(slot: Int?, matrixIndex: Int, newRisk: Double, _ correlations: CorrelationMatrix) -> Double {
        return max(0, combinedRiskSquared(slot: slot, matrixIndex: matrixIndex, newRisk: newRisk, correlations)).squareRoot()
    }

    private func combinedRiskSquared(slot: Int?, matrixIndex: Int, newRisk: Double, _ correlations: CorrelationMatrix)
        -> Double
    {
        let delta = newRisk - risk(slot: slot)
        let row = rowDotRisk(slot: slot ?? -1, matrixIndex: matrixIndex, correlations)
        return combinedRiskSquared + 2 * delta * row + delta * delta
    }

    /// Books an approved target, so the next decision of the session sees it.
    mutating func apply(symbol: Symbol, slot: Int?, matrixIndex: Int, sector: String?, quantity: Int64,
                        newNotional: Double, newRisk: Double, _ correlations: CorrelationMatrix) {
        let oldNotional = notional(slot: slot)
        grossNotional += abs(newNotional) - abs(oldNotional)
        if let sector { sectorNet[sector, default: 0] += newNotional - oldNotional }
        combinedRiskSquared = combinedRiskSquared(slot: slot, matrixIndex: matrixIndex, newRisk: newRisk, correlations)
        quantities[symbol] = quantity
        if let slot {
            entries[slot].notional = newNotional
            entries[slot].risk = newRisk
        } else {
            slots[symbol] = entries.count
            entries.append(Entry(notional: newNotional, risk: newRisk, matrixIndex: matrixIndex))
        }
    }

    /// (C r)_k: the correlation-weighted sum of every entry's risk against the entry at `slot` (or a
    /// symbol with matrix row `matrixIndex` that the book does not hold yet). A pair without a row in
    /// the matrix counts at ``CorrelationMatrix/unknownCorrelation``.
    private func rowDotRisk(slot: Int, matrixIndex: Int, _ correlations: CorrelationMatrix) -> Double {
        var sum = 0.0
        for j in entries.indices {
            let entry = entries[j]
            if j == slot {
                sum += entry.risk
            } else if matrixIndex >= 0, entry.matrixIndex >= 0 {
                sum += entry.risk * correlations.value(matrixIndex, entry.matrixIndex)
            } else {
                sum += entry.risk * CorrelationMatrix.unknownCorrelation
            }
        }
        return sum
    }
}
