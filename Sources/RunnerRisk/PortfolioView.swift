import Foundation
import RunnerCore

/// What the gate knows of the account when it decides: positions, working orders, prices, equity and
/// correlations. A value, handed in by whoever keeps the books, so the gate's checks stay pure.
public struct PortfolioView: Sendable {
    /// An open position: signed quantity (negative short) and the stop distance it was sized with.
    public struct Holding: Sendable, Hashable {
        public var quantity: Int64
        /// In price units; NaN when unknown (the limits' `default_stop` applies).
        public var stopDistance: Double

        public init(quantity: Int64, stopDistance: Double = .nan) {
            self.quantity = quantity
            self.stopDistance = stopDistance
        }
    }

    public var positions: [Symbol: Holding]
    /// Signed quantity of orders sent but not yet filled, per symbol.
    public var workingOrders: [Symbol: Int64]
    public var lastPrices: [Symbol: Double]
    public var equity: Double
    public var startOfDayEquity: Double
    public var correlations: CorrelationMatrix

    public init(
        positions: [Symbol: Holding] = [:], workingOrders: [Symbol: Int64] = [:], lastPrices: [Symbol: Double] = [:],
        equity: Double, startOfDayEquity: Double, correlations: CorrelationMatrix = CorrelationMatrix()
    ) {
        self.positions = positions
        self.workingOrders = workingOrders
        self.lastPrices = lastPrices
        self.equity = equity
        self.startOfDayEquity = startOfDayEquity
        self.correlations = correlations
    }

    /// Position plus working orders: what the account will hold if everything sent fills.
    public func exposureQuantity(_ symbol: Symbol) -> Int64 {
        (positions[symbol]?.quantity ?? 0) + (workingOrders[symbol] ?? 0)
    }

    /// Drawdown from start-of-day equity, as a fraction (0.03 is 3%); 0 when equity rose.
    public var drawdown: Double {
        guard startOfDayEquity > 0 else { return 0 }
        return max(0, (startOfDayEquity - equity) / startOfDayEquity)
    }
}
