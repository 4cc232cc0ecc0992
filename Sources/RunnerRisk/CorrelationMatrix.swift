import RunnerCore

/// Correlations of symbols' returns, with an index per symbol so the gate reads them as an array.
/// Pairs it has no figure for count as uncorrelated (0); a symbol with itself is 1.
public struct CorrelationMatrix: Sendable {
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

    public func correlation(_ a: Symbol, _ b: Symbol) -> Double {
        if a == b { return 1 }
        guard let i = index[a], let j = index[b] else { return 0 }
        return value(i, j)
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = min(a.count, b.count)
        guard n >= 2 else { return 0 }
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
                guard varianceX > 0, varianceY > 0 else { return 0 }
                return max(-1, min(1, covariance / (varianceX * varianceY).squareRoot()))
            }
        }
    }
}
