import RunnerCore
import RunnerDiagnostics
import RunnerYAML

/// Decodes and checks a limits file on its own; cross-file checks come later in ``ConfigurationLoader``.
struct LimitsLoader {
    var decoder = ScalarDecoder()

    mutating func load(_ document: YAMLNode, file: String) -> LimitsConfig? {
        guard let reader = MappingReader(
            document, specs: ConfigSchema.limits, context: "limits file", diagnostics: &decoder.diagnostics)
        else { return nil }
        let environment = reader.value("environment").flatMap { decoder.identifier($0, field: "environment") }
        let account = reader.value("account").flatMap { decoder.string($0, field: "account") }
        let positionRisk = ratio(reader, "position_risk")
        let grossExposure = ratio(reader, "gross_exposure")
        let dailyLossHalt = ratio(reader, "daily_loss_halt")
        let correlationBudget = ratio(reader, "correlation_budget")
        let lookback = reader.value("correlation_lookback").flatMap {
            decoder.integer($0, field: "correlation_lookback", range: ConfigDefaults.correlationLookback)
        }
        let sectors = decodeSectors(reader.value("sectors"))
        let (defaultSector, sectorLimits) = decodeSectorLimits(reader.value("sector_net_exposure"), sectors: sectors)
        let order = decodeOrder(reader.value("order"))
        let restricted = reader.value("restricted").map { decoder.symbols($0, field: "restricted") } ?? []
        let defaultStop = ratio(reader, "default_stop")

        if let grossExposure {
            for limit in sectorLimits.values where limit.value > grossExposure.value {
                decoder.diagnostics.error(
                    at: limit.location, code: "inconsistent-limit",
                    "a sector net exposure limit of \(limit.value) exceeds the gross exposure cap of "
                        + "\(grossExposure.value); it could never bind")
            }
        }
        if let positionRisk, let correlationBudget, positionRisk.value > correlationBudget.value {
            decoder.diagnostics.error(
                at: positionRisk.location, code: "inconsistent-limit",
                "'position_risk' (\(positionRisk.value)) exceeds 'correlation_budget' (\(correlationBudget.value)); "
                    + "a single position could never be opened at its full risk")
        }
        guard let environment, let account, let positionRisk, let grossExposure, let defaultSector,
            let dailyLossHalt, let correlationBudget, let lookback, let order
        else { return nil }
        return LimitsConfig(
            file: file, environment: environment, account: account, positionRisk: positionRisk,
            grossExposure: grossExposure, defaultSectorNetExposure: defaultSector, sectorNetExposure: sectorLimits,
            sectors: sectors, dailyLossHalt: dailyLossHalt, correlationBudget: correlationBudget,
            correlationLookback: lookback, order: order, restricted: restricted,
            defaultStop: defaultStop?.value ?? ConfigDefaults.defaultStop)
    }

    private mutating func ratio(_ reader: MappingReader, _ key: String) -> Located<Ratio>? {
        guard case .ratio(let maximum, let allowsZero) = reader.spec(key).shape, let node = reader.value(key) else {
            return nil
        }
        return decoder.ratio(node, field: key, maximumPercent: maximum, allowsZero: allowsZero)
    }

    private mutating func decodeSectors(_ node: YAMLNode?) -> [Symbol: Located<String>] {
        guard let node else { return [:] }
        guard let pairs = node.mapping else {
            decoder.diagnostics.error(at: node.location, code: "expected-mapping",
                                      "'sectors' must map each symbol to its sector, like {AAPL: technology}")
            return [:]
        }
        var sectors: [Symbol: Located<String>] = [:]
        for pair in pairs {
            guard let symbol = decoder.symbol(pair.key, field: "sectors"),
                let sector = decoder.identifier(pair.value, field: "sectors.\(symbol.value)")
            else { continue }
            sectors[symbol.value] = sector
        }
        return sectors
    }

    private mutating func decodeSectorLimits(
        _ node: YAMLNode?, sectors: [Symbol: Located<String>]
    ) -> (Located<Ratio>?, [String: Located<Ratio>]) {
        guard let node else { return (nil, [:]) }
        guard let pairs = node.mapping else {
            decoder.diagnostics.error(at: node.location, code: "expected-mapping",
                                      "'sector_net_exposure' must map sectors to limits, like {default: 30%, technology: 40%}")
            return (nil, [:])
        }
        let knownSectors = Set(sectors.values.map(\.value))
        var defaultLimit: Located<Ratio>?
        var limits: [String: Located<Ratio>] = [:]
        for pair in pairs {
            guard let sector = decoder.identifier(pair.key, field: "sector_net_exposure"),
                let limit = decoder.ratio(pair.value, field: "sector_net_exposure.\(sector.value)", maximumPercent: 1000,
                                          allowsZero: true)
            else { continue }
            if sector.value == "default" {
                defaultLimit = limit
            } else if knownSectors.contains(sector.value) {
                limits[sector.value] = limit
            } else {
                decoder.diagnostics.error(
                    at: pair.key.location, code: "unused-sector",
                    "no symbol in 'sectors' belongs to sector '\(sector.value)'"
                        + "\(Suggestion.didYouMean(sector.value, in: knownSectors)), so its limit would never apply")
            }
        }
        if defaultLimit == nil {
            decoder.diagnostics.error(at: node.location, code: "missing-key",
                                      "'sector_net_exposure' is missing the required key 'default'")
        }
        return (defaultLimit, limits)
    }

    private mutating func decodeOrder(_ node: YAMLNode?) -> OrderLimits? {
        guard let node, case .object(let specs) = ConfigSchema.limits.first(where: { $0.name == "order" })?.shape,
            let reader = MappingReader(node, specs: specs, context: "'order'", diagnostics: &decoder.diagnostics)
        else { return nil }
        let maxNotional = reader.value("max_notional").flatMap { decoder.money($0, field: "order.max_notional", allowsZero: false) }
        let maxPerMinute = reader.value("max_per_minute").flatMap {
            decoder.integer($0, field: "order.max_per_minute", range: ConfigDefaults.ordersPerMinute)
        }
        let priceBand = reader.value("price_band").flatMap {
            decoder.ratio($0, field: "order.price_band", maximumPercent: 100, allowsZero: false)
        }
        guard let maxNotional, let maxPerMinute else { return nil }
        return OrderLimits(maxNotional: maxNotional, maxPerMinute: maxPerMinute, priceBand: priceBand?.value ?? ConfigDefaults.priceBand)
    }
}
