import RunnerCore

/// Correlations of symbols' returns, with an index per symbol so the gate reads them as an array.
///
/// A pair it has no figure for counts as fully correlated, ``unknownCorrelation`` (1), not as
/// uncorrelated: while the matrix warms up (a symbol with fewer than two returns has no row, and a
/// series that never moved has no correlation) the correlation budget adds such risks as if they moved
/// together, the bound for positions on the same side. A symbol with itself is 1. (For a long and a
/// short of an unknown pair, 1 credits the full hedge; the budget is only as good as its figures.)
public struct CorrelationMatrix: Sendable {
    /// The figure for a pair with no estimate: 1, so unknown risks add up rather than diversify.
    public static let unknownCorrelation = 1.0

    public private(set) var symbols: [Symbol] = []
    private var index: [Symbol: Int] = [:]
    private var values: [Double] = []

    public init() {}

    /// Pearson correlations of each pair of return series (aligned by position, over the common tail).
    public init(returns: [Symbol: [Double]]) {
        symbols = returns.keys.sorted()
        index = Dictionary(uniqueKeysWithValues: symbols.enumerated().map { ($1, $0) })
        let count = symbols.count
        values = [Double](repeating: 0, count: count * count)
        for i in 0..<count {
            values[i * count + i] = 1
            for j in (i + 1)..<max(i + 1, count) {
                let r = Self.pearson(returns[symbols[i]] ?? [], returns[symbols[j]] ?? [])
                values[i * count + j] = r
                values[j * count + i] = r
            }
        }
    }

    /// The matrix position of `symbol`, if it has one.
    public func position(of symbol: Symbol) -> Int? { index[symbol] }

    /// Correlation between the symbols at two positions.
    public func value(_ i: Int, _ j: Int) -> Double { values[i * symbols.count + j] }

    /// The correlation of two symbols' returns; ``unknownCorrelation`` when either has no row.
    public func correlation(_ a: Symbol, _ b: Symbol) -> Double {
        if a == b { return 1 }
        guard let i = index[a], let j = index[b] else { return Self.unknownCorrelation }
        return value(i, j)
    }

    /// Pearson's r over the common tail; ``unknownCorrelation`` when it is undefined (fewer than two
    /// returns, or a series that never varied).
    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = min(a.count, b.count)
        guard n >= 2 else { return unknownCorrelation }
        // Over the common tail, through buffers: the same sums in the same order as slices would take.
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                let x = UnsafeBufferPointer(rebasing: a[(a.count - n)...])
                let y = UnsafeBufferPointer(rebasing: b[(b.count - n)...])
                var sumX = 0.0
                var sumY = 0.0
                for k in 0..<n {
                    sumX += x[k]
                    sumY += y[k]
                }
                let meanX = sumX / Double(n)
                let meanY = sumY / Double(n)
                var covariance = 0.0
                var varianceX = 0.0
                var varianceY = 0.0
                for k in 0..<n {
                    let (u, v) = (x[k], y[k])
                    covariance += (u - meanX) * (v - meanY)
                    varianceX += (u - meanX) * (u - meanX)
                    varianceY += (v - meanY) * (v - meanY)
                }
                guard varianceX > 0, varianceY > 0 else { return unknownCorrelation }
                return max(-1, min(1, covariance / (varianceX * varianceY).squareRoot()))
            }
        }
    }
}
