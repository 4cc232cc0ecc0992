import Foundation
import RunnerCore

/// The limits file's figures in the form the gate computes with. Every number the gate uses is here,
/// and every one comes from `limits/<name>.yaml`.
public struct RiskLimits: Sendable {
    public var positionRisk: Double
    public var grossExposure: Double
    public var defaultSectorNetExposure: Double
    public var sectorNetExposure: [String: Double]
    public var sectors: [Symbol: String]
    public var dailyLossHalt: Double
    public var correlationBudget: Double
    public var restricted: Set<Symbol>
    /// In the account currency.
    public var maxOrderNotional: Double
    public var maxOrdersPerMinute: Int
    public var priceBand: Double
    public var defaultStop: Double

    public init(
        positionRisk: Double, grossExposure: Double, defaultSectorNetExposure: Double,
        sectorNetExposure: [String: Double], sectors: [Symbol: String], dailyLossHalt: Double,
        correlationBudget: Double, restricted: Set<Symbol>, maxOrderNotional: Double, maxOrdersPerMinute: Int,
        priceBand: Double, defaultStop: Double
    ) {
        self.positionRisk = positionRisk
        self.grossExposure = grossExposure
        self.defaultSectorNetExposure = defaultSectorNetExposure
        self.sectorNetExposure = sectorNetExposure
        self.sectors = sectors
        self.dailyLossHalt = dailyLossHalt
        self.correlationBudget = correlationBudget
        self.restricted = restricted
        self.maxOrderNotional = maxOrderNotional
        self.maxOrdersPerMinute = maxOrdersPerMinute
        self.priceBand = priceBand
        self.defaultStop = defaultStop
    }

    /// The net exposure cap of `sector`.
    public func sectorLimit(_ sector: String) -> Double { sectorNetExposure[sector] ?? defaultSectorNetExposure }
}
