import Foundation
import RunnerConfig
import RunnerRisk

extension RiskLimits {
    /// From a loaded limits file.
    public init(_ config: LimitsConfig) {
        self.init(
            positionRisk: config.positionRisk.value.value, grossExposure: config.grossExposure.value.value,
            defaultSectorNetExposure: config.defaultSectorNetExposure.value.value,
            sectorNetExposure: config.sectorNetExposure.mapValues(\.value.value),
            sectors: config.sectors.mapValues(\.value), dailyLossHalt: config.dailyLossHalt.value.value,
            correlationBudget: config.correlationBudget.value.value, restricted: Set(config.restricted.map(\.value)),
            maxOrderNotional: NSDecimalNumber(decimal: config.order.maxNotional.value.amount).doubleValue,
            maxOrdersPerMinute: config.order.maxPerMinute.value, priceBand: config.order.priceBand.value,
            defaultStop: config.defaultStop.value)
    }
}
