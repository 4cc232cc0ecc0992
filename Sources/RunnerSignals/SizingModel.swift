import Foundation
import RunnerCore

/// Turns a decision into a number of shares. Pure: equity comes in as a value, so the signal engine
/// never sees cash or fills.
public protocol SizingModel: Sendable {
    /// Shares to hold; 0 when the inputs leave no sensible size (no price, no stop distance).
    func quantity(_ inputs: SizingInputs) -> Int64

    /// Whether the size depends on `equity`: the run loop keeps equity current only for models that do
    /// (computing it means valuing the whole book). A plugin that does not say is assumed to.
    var readsEquity: Bool { get }
}

extension SizingModel {
    public var readsEquity: Bool { true }
}

/// What a sizing model may use.
public struct SizingInputs: Sendable {
    /// Account equity, as the caller last knew it.
    public var equity: Money
    /// The price the decision saw (the bar's close).
    public var referencePrice: Double
    /// The strategy's stop distance in price units (`sizing.stop`), NaN when it has none.
    public var stopDistance: Double

    public init(equity: Money, referencePrice: Double, stopDistance: Double = .nan) {
        self.equity = equity
        self.referencePrice = referencePrice
        self.stopDistance = stopDistance
    }
}

/// `fixed_quantity`: the same number of shares every time.
public struct FixedQuantity: SizingModel {
    public var shares: Int64
    public init(shares: Int64) { self.shares = shares }
    public func quantity(_ inputs: SizingInputs) -> Int64 { shares }
    public var readsEquity: Bool { false }
}

/// `fixed_notional`: as many whole shares as `notional` buys at the reference price.
public struct FixedNotional: SizingModel {
    public var notional: Money
    public init(notional: Money) { self.notional = notional }

    public func quantity(_ inputs: SizingInputs) -> Int64 {
        guard inputs.referencePrice > 0 else { return 0 }
        return wholeShares(NSDecimalNumber(decimal: notional.amount).doubleValue / inputs.referencePrice)
    }

    public var readsEquity: Bool { false }
}

/// `volatility_target`: risk `riskPerPosition` of equity if the stop is hit, so
/// quantity = equity x risk / stop distance.
public struct VolatilityTarget: SizingModel {
    public var riskPerPosition: Ratio
    public init(riskPerPosition: Ratio) { self.riskPerPosition = riskPerPosition }

    public func quantity(_ inputs: SizingInputs) -> Int64 {
        guard inputs.stopDistance > 0 else { return 0 }
        let equity = NSDecimalNumber(decimal: inputs.equity.amount).doubleValue
        return wholeShares(equity * riskPerPosition.value / inputs.stopDistance)
    }
}

/// Rounds down to whole shares; NaN, infinite and negative sizes are 0.
func wholeShares(_ shares: Double) -> Int64 {
    guard shares.isFinite, shares > 0 else { return 0 }
    return Int64(min(shares.rounded(.down), Double(Int64.max / 2)))
}
