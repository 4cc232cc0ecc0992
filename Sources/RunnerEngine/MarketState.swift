import RunnerCore
import RunnerIndicators
import RunnerRisk
import RunnerRouting

/// What the run loop keeps about each symbol's market: last price, recent volume per minute (for the
/// router's slice threshold) and recent returns (for the risk gate's correlations).
public final class MarketState {
    private struct SymbolMarket {
        var lastPrice: Double
        let volumes: RingBuffer
        var volumeSum = 0.0
        let returns: RingBuffer
    }

    /// Each symbol's place in `markets`: one hash per bar, then the entry is changed in place.
    private var positions: [Symbol: Int] = [:]
    private var markets: [SymbolMarket] = []
    /// The last close per symbol, kept as bars arrive: every decision tick reads all of them.
    public private(set) var lastPrices: [Symbol: Double] = [:]
    private let volumeWindow: Int
    private let returnWindow: Int
    private var cachedCorrelations = CorrelationMatrix()
    private var correlationPeriod: Int64?
    private var returnsAtBoundary: [Symbol: [Double]]?
    /// How often the correlation matrix is re-estimated (milliseconds of market time).
    let correlationRefresh: Int64

    public init(volumeWindow: Int = 30, returnWindow: Int, correlationRefresh: Int64 = 3_600_000) {
        self.volumeWindow = volumeWindow
        self.returnWindow = max(2, returnWindow)
        self.correlationRefresh = correlationRefresh
    }

    public func update(_ bar: Bar) {
        refreshIfDue(at: bar.timestamp)
        if let position = positions[bar.symbol] {
            markets.withUnsafeMutableBufferPointer { markets in
                let market = markets[position]
                if market.lastPrice > 0 { market.returns.append(bar.close / market.lastPrice - 1) }
                if let evicted = market.volumes.append(bar.volume) { markets[position].volumeSum -= evicted }
                markets[position].volumeSum += bar.volume
                markets[position].lastPrice = bar.close
            }
        } else {
            let market = SymbolMarket(lastPrice: bar.close, volumes: RingBuffer(capacity: volumeWindow),
                                      volumeSum: bar.volume, returns: RingBuffer(capacity: returnWindow))
            market.volumes.append(bar.volume)
            positions[bar.symbol] = markets.count
            markets.append(market)
        }
        lastPrices[bar.symbol] = bar.close
    }

    public func lastPrice(_ symbol: Symbol) -> Double? { lastPrices[symbol] }

    /// Average volume of the recent bars (one-minute bars: volume per minute).
    public func context(_ symbol: Symbol) -> MarketContext {
        let market = positions[symbol].map { markets[$0] }
        let count = Double(market?.volumes.count ?? 0)
        return MarketContext(volumePerMinute: count > 0 ? (market?.volumeSum ?? 0) / count : 0,
                             price: market?.lastPrice ?? 0)
    }

    /// The correlation matrix as of the last refresh boundary of market time (every `correlationRefresh`
    /// milliseconds, counted from the epoch). Estimated on first use from the returns held at the
    /// boundary, so it depends on the bars alone, never on when decisions asked: a restart that warms
    /// over the same bars has the same estimate.
    public var correlations: CorrelationMatrix {
        if let returns = returnsAtBoundary {
            cachedCorrelations = CorrelationMatrix(returns: returns)
            returnsAtBoundary = nil
        }
        return cachedCorrelations
    }

    /// Takes the returns held when a bar crosses into a new refresh period.
    private func refreshIfDue(at timestamp: Int64) {
        let period = timestamp / correlationRefresh
        guard period != correlationPeriod else { return }
        correlationPeriod = period
        var returns: [Symbol: [Double]] = [:]
        for (symbol, position) in positions where markets[position].returns.count >= 2 {
            let market = markets[position]
            returns[symbol] = (0..<market.returns.count).reversed().map { market.returns[age: $0] }
        }
        returnsAtBoundary = returns
    }
}
