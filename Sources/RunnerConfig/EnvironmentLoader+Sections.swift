import RunnerCore
import RunnerDiagnostics
import RunnerYAML

/// The optional sections of an environment file; a key left out takes its ``ConfigDefaults`` value,
/// a key present but wrong is an error.
extension EnvironmentLoader {
    /// A reader over an optional `object` section, or nil when the section is absent or broken.
    mutating func section(_ node: YAMLNode?, spec: KeySpec) -> MappingReader? {
        guard let node, case .object(let specs) = spec.shape else { return nil }
        return MappingReader(node, specs: specs, context: "'\(spec.name)'", diagnostics: &decoder.diagnostics)
    }

    /// Nil only when the section is present and one of its values is invalid.
    mutating func decodeRouting(_ node: YAMLNode?, spec: KeySpec) -> RoutingConfig? {
        let reader = section(node, spec: spec)
        if node != nil && reader == nil { return nil }
        let before = decoder.diagnostics.diagnostics.count
        let algorithms = catalog.executionAlgorithms.keys.sorted()
        let slice = reader?.value("slice_above").flatMap { node in
            decoder.text(node, field: "routing.slice_above", expected: "a slice threshold").flatMap { text in
                switch UnitParser.sliceThreshold(text) {
                case .success(let threshold): return threshold
                case .failure(let error):
                    decoder.diagnostics.error(at: node.location, code: "invalid-value",
                                              "invalid 'routing.slice_above': \(error.message)")
                    return nil
                }
            }
        }
        let algorithm = reader?.value("algorithm").flatMap {
            decoder.choice($0, field: "routing.algorithm", among: algorithms, kind: "execution algorithm")
        }
        let horizon = reader?.value("horizon").flatMap { decoder.positiveDuration($0, field: "routing.horizon") }
        let childInterval = reader?.value("child_interval").flatMap {
            decoder.positiveDuration($0, field: "routing.child_interval")
        }
        let participation = reader?.value("participation").flatMap {
            decoder.ratio($0, field: "routing.participation", maximumPercent: 100, allowsZero: false)
        }
        let vwapSessions = reader?.value("vwap_sessions").flatMap {
            decoder.integer($0, field: "routing.vwap_sessions", range: ConfigDefaults.vwapSessions)
        }
        let defaultVenue = reader?.value("default_venue").flatMap { decoder.identifier($0, field: "routing.default_venue") }
        let venues = reader?.value("venues").flatMap { decodeVenues($0, spec: reader?.spec("venues")) } ?? []
        if let horizon, horizon.value > ConfigDefaults.longestHorizon {
            decoder.diagnostics.error(
                at: horizon.location, code: "out-of-range",
                "'routing.horizon' is \(horizon.value.configText), longer than \(ConfigDefaults.longestHorizon.configText); "
                    + "no sliced order works past the session's close")
        }
        if let childInterval, childInterval.value < ConfigDefaults.shortestChildInterval {
            decoder.diagnostics.error(
                at: childInterval.location, code: "out-of-range",
                "'routing.child_interval' is \(childInterval.value.configText), shorter than "
                    + "\(ConfigDefaults.shortestChildInterval.configText); every child of an order is planned when it is placed")
        }
        if let horizon, let childInterval, childInterval.value > horizon.value {
            decoder.diagnostics.error(
                at: childInterval.location, code: "inconsistent-routing",
                "'routing.child_interval' (\(childInterval.value.configText)) is longer than 'routing.horizon' "
                    + "(\(horizon.value.configText)); a sliced order would have a single child")
        }
        guard decoder.diagnostics.diagnostics.count == before else { return nil }
        let defaults = ConfigDefaults.routing
        let defaultAlgorithm = Located(defaults.algorithm.value,
                                       at: node?.location ?? SourceLocation(file: "", line: 1, column: 1))
        return RoutingConfig(
            sliceAbove: slice ?? defaults.sliceAbove, algorithm: algorithm ?? defaultAlgorithm,
            horizon: horizon?.value ?? defaults.horizon, childInterval: childInterval?.value ?? defaults.childInterval,
            participation: participation?.value ?? defaults.participation,
            vwapSessions: vwapSessions?.value ?? defaults.vwapSessions, defaultVenue: defaultVenue?.value ?? defaults.defaultVenue, venues: venues)
    }

    private mutating func decodeVenues(_ node: YAMLNode, spec: KeySpec?) -> [VenueRule]? {
        guard let spec, case .list(.object(let specs)) = spec.shape,
            let items = decoder.list(node, field: "routing.venues")
        else { return nil }
        return items.compactMap { item -> VenueRule? in
            guard let reader = MappingReader(item, specs: specs, context: "a venue rule", diagnostics: &decoder.diagnostics),
                let venue = reader.value("venue").flatMap({ decoder.identifier($0, field: "venue") })
            else { return nil }
            let symbols = reader.value("symbols").map { decoder.symbols($0, field: "symbols").map(\.value) }
            let assetClass = reader.value("asset_class").flatMap { decoder.identifier($0, field: "asset_class") }
            if let assetClass, assetClass.value != "equity" {
                // Symbols carry no asset class in this version: the router classes every one as an equity.
                decoder.diagnostics.warning(
                    at: assetClass.location, code: "not-running",
                    "'asset_class: \(assetClass.value)' never matches in this version: every symbol is routed as "
                        + "an 'equity'")
            }
            let minimum = reader.value("min_notional").flatMap { decoder.money($0, field: "min_notional", allowsZero: true) }
            return VenueRule(venue: venue.value, symbols: symbols, assetClass: assetClass?.value,
                             minimumNotional: minimum?.value)
        }
    }

    mutating func decodeWatchdog(_ node: YAMLNode?, spec: KeySpec) -> Duration? {
        let reader = section(node, spec: spec)
        if node != nil && reader == nil { return nil }
        guard let value = reader?.value("signal_silence") else { return ConfigDefaults.watchdogSignalSilence }
        return decoder.positiveDuration(value, field: "watchdog.signal_silence")?.value
    }

    mutating func decodeReconciliation(_ node: YAMLNode?, spec: KeySpec, adapter: String?) -> ReconciliationConfig? {
        let reader = section(node, spec: spec)
        if node != nil && reader == nil { return nil }
        let before = decoder.diagnostics.diagnostics.count
        let interval = reader?.value("interval").flatMap { decoder.positiveDuration($0, field: "reconciliation.interval") }
        let alert = reader?.value("alert_above").flatMap {
            decoder.ratio($0, field: "reconciliation.alert_above", maximumPercent: 100, allowsZero: true)
        }
        let flatten = reader?.value("flatten_above").flatMap {
            decoder.ratio($0, field: "reconciliation.flatten_above", maximumPercent: 100, allowsZero: false)
        }
        let alertValue = alert?.value ?? ConfigDefaults.reconciliation.alertAbove
        let flattenValue = flatten?.value ?? ConfigDefaults.reconciliation.flattenAbove
        if alertValue >= flattenValue {
            let location = alert?.location ?? flatten?.location ?? node?.location
            decoder.diagnostics.error(
                at: location ?? SourceLocation(file: "", line: 1, column: 1), code: "inconsistent-threshold",
                "'reconciliation.alert_above' (\(alertValue)) must be below 'reconciliation.flatten_above' "
                    + "(\(flattenValue)); otherwise positions are flattened before anyone is alerted")
        }
        let unknownOrders = reader?.value("unknown_orders").flatMap {
            decoder.choice($0, field: "reconciliation.unknown_orders", among: UnknownOrderPolicy.allCases.map(\.rawValue),
                           kind: "policy")
        }
        guard decoder.diagnostics.diagnostics.count == before else { return nil }
        if let unknownOrders, adapter == "paper" {
            // The paper broker's book starts with the run: it never holds an order the run did not send.
            decoder.diagnostics.warning(
                at: unknownOrders.location, code: "not-running",
                "'reconciliation.unknown_orders' changes nothing with the paper broker, which never holds an order the run did not send")
        }
        return ReconciliationConfig(interval: interval?.value ?? ConfigDefaults.reconciliation.interval,
                                    alertAbove: alertValue,
                                    flattenAbove: flattenValue,
                                    unknownOrders: unknownOrders.flatMap { UnknownOrderPolicy(rawValue: $0.value) }
                                        ?? ConfigDefaults.reconciliation.unknownOrders)
    }

    mutating func decodeClock(_ node: YAMLNode?, spec: KeySpec) -> ClockConfig? {
        let reader = section(node, spec: spec)
        if node != nil && reader == nil { return nil }
        let before = decoder.diagnostics.diagnostics.count
        let servers = reader?.value("servers").flatMap { decoder.list($0, field: "clock.servers") }?
            .compactMap { decoder.address($0, field: "clock.servers")?.value } ?? ConfigDefaults.clock.servers
        let maxOffset = reader?.value("max_offset").flatMap { decoder.positiveDuration($0, field: "clock.max_offset") }
        let interval = reader?.value("check_interval").flatMap { node -> Located<Duration>? in
            guard let interval = decoder.positiveDuration(node, field: "clock.check_interval") else { return nil }
            guard interval.value >= ClockConfig.minimumCheckInterval else {
                decoder.diagnostics.error(
                    at: node.location, code: "out-of-range",
                    "'clock.check_interval' must be at least \(ClockConfig.minimumCheckInterval.configText) (RFC 4330 "
                        + "forbids asking an NTP server more often), not \(interval.value.configText)")
                return nil
            }
            return interval
        }
        guard decoder.diagnostics.diagnostics.count == before else { return nil }
        return ClockConfig(servers: servers, maxOffset: maxOffset?.value ?? ConfigDefaults.clock.maxOffset,
                           checkInterval: interval?.value ?? ConfigDefaults.clock.checkInterval)
    }

    mutating func decodeDashboard(_ node: YAMLNode?, spec: KeySpec) -> NetworkAddress? {
        let reader = section(node, spec: spec)
        if node != nil && reader == nil { return nil }
        guard let value = reader?.value("listen") else { return ConfigDefaults.dashboardListen }
        return decoder.address(value, field: "dashboard.listen")?.value
    }
}
