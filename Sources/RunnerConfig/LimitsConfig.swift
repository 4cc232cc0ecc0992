import RunnerCore
import RunnerDiagnostics

/// `limits/<name>.yaml`: every number the risk gate uses, approved for one environment.
public struct LimitsConfig: Sendable {
    /// Path relative to the config root, such as `limits/paper.yaml`.
    public var file: String
    /// The one environment this file is approved for.
    public var environment: Located<String>
    /// The broker account these limits govern.
    public var account: Located<String>
    public var positionRisk: Located<Ratio>
    public var grossExposure: Located<Ratio>
    /// Net exposure cap for sectors without an entry of their own.
    public var defaultSectorNetExposure: Located<Ratio>
    /// Net exposure caps by sector name.
    public var sectorNetExposure: [String: Located<Ratio>]
    /// Sector of each symbol.
    public var sectors: [Symbol: Located<String>]
    public var dailyLossHalt: Located<Ratio>
    public var correlationBudget: Located<Ratio>
    public var correlationLookback: Located<Int>
    public var order: OrderLimits
    public var restricted: [Located<Symbol>]
    /// Stop distance as a share of price, for targets that carry no stop of their own.
    public var defaultStop: Ratio

    /// The net exposure cap that applies to `sector`.
    public func netExposureLimit(forSector sector: String) -> Ratio {
        (sectorNetExposure[sector] ?? defaultSectorNetExposure).value
    }
}

/// Order-level limits: size, rate and price sanity.
public struct OrderLimits: Sendable {
    public var maxNotional: Located<Money>
    public var maxPerMinute: Located<Int>
    /// Largest distance of an order's price from the last trade price.
    public var priceBand: Ratio
}
