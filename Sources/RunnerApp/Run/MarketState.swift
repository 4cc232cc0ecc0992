import RunnerCore
import RunnerIndicators
import RunnerRisk
import RunnerRouting

/// What the run loop keeps about each symbol's market: last price, recent volume per minute (for the
/// router's slice threshold) and recent returns (for the risk gate's correlations).
final class MarketState {
    private struct SymbolMarket {
        var lastPrice: Double
        let volumes: RingBuffer
        var volumeSum = 0.0
        let returns: RingBuffer
    }

    private var symbols: [Symbol: SymbolMarket] = [:]
    private let volumeWindow: Int
    private let returnWindow: Int
    private var cachedCorrelations = CorrelationMatrix()
    private var correlationsAt: Int64?
    /// How often the correlation matrix is re-estimated (milliseconds of market time).
    let correlationRefresh: Int64

    init(volumeWindow: Int = 30, returnWindow: Int, correlationRefresh: Int64 = 3_600_000) {
        self.volumeWindow = volumeWindow
        self.returnWindow = max(2, returnWindow)
        self.correlationRefresh = correlationRefresh
    }

    func update(_ bar: Bar) {
        if var market = symbols[bar.symbol] {
            if market.lastPrice > 0 { market.returns.append(bar.close / market.lastPrice - 1) }
            if let evicted = market.volumes.append(bar.volume) { market.volumeSum -= evicted }
            market.volumeSum += bar.volume
            market.lastPrice = bar.close
            symbols[bar.symbol] = market
        } else {
            let market = SymbolMarket(lastPrice: bar.close, volumes: RingBuffer(capacity: volumeWindow),
                                      volumeSum: bar.volume, returns: RingBuffer(capacity: returnWindow))
            market.volumes.append(bar.volume)
            symbols[bar.symbol] = market
        }
    }

    var lastPrices: [Symbol: Double] { symbols.mapValues(\.lastPrice) }

    func lastPrice(_ symbol: Symbol) -> Double? { symbols[symbol]?.lastPrice }

    /// Average volume of the recent bars (one-minute bars: volume per minute).
    func context(_ symbol: Symbol) -> MarketContext {
        let market = symbols[symbol]
        let count = Double(market?.volumes.count ?? 0)
        return MarketContext(volumePerMinute: count > 0 ? (market?.volumeSum ?? 0) / count : 0,
                             price: market?.lastPrice ?? 0)
    }

    /// The correlation matrix, re-estimated at most once per refresh interval of market time.
    func correlations(now: Int64) -> CorrelationMatrix {
        if let correlationsAt, now - correlationsAt < correlationRefresh { return cachedCorrelations }
        correlationsAt = now
        var returns: [Symbol: [Double]] = [:]
        for (symbol, market) in symbols where market.returns.count >= 2 {
            returns[symbol] = (0..<market.returns.count).reversed().map { market.returns[age: $0] }
        }
        cachedCorrelations = CorrelationMatrix(returns: returns)
        return cachedCorrelations
    }
}
