import RunnerConfig
import RunnerCore
import RunnerExpressions
import RunnerRisk
import RunnerRouting

/// Builds the ``PipelineGraph`` of one environment from a configuration that loaded cleanly.
public struct PipelineGraphBuilder: Sendable {
    public var registries: PluginRegistries

    public init(registries: PluginRegistries = .standard) {
        self.registries = registries
    }

    /// Nil when the environment, its limits or one of its strategies did not load.
    public func build(environment name: String, from configuration: Configuration) -> PipelineGraph? {
        guard let environment = configuration.environments[name],
            let limits = configuration.limits(for: environment),
            // The loader refuses an algorithm the router does not run, so this holds for a loaded file.
            let routingRules = try? RoutingRules(environment.routing)
        else { return nil }
        let strategies = configuration.strategies(of: environment)
        guard strategies.count == environment.strategies.count else { return nil }
        let routing = environment.routing
        return PipelineGraph(
            environment: name,
            mode: environment.mode.value,
            dataSource: DataSourceNode(
                source: environment.marketData.source.value,
                settings: environment.marketData.settings.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) }),
            strategies: strategies.map(strategyNode),
            riskGate: RiskGateNode(limitsFile: environment.limitsFile.value, checks: riskChecks(limits)),
            router: RouterNode(
                algorithm: routing.algorithm.value, sliceAbove: routing.sliceAbove, horizon: routing.horizon,
                childInterval: routing.childInterval, participation: routing.participation,
                defaultVenue: routing.defaultVenue, venueRules: routing.venues.map(describe)),
            broker: BrokerNode(
                adapter: environment.broker.adapter.value, account: environment.account.id.value,
                tradesRealMoney: registries.brokerAdapters[environment.broker.adapter.value]?.tradesRealMoney ?? false),
            journalPath: environment.journalPath,
            attached: AttachedPart.parts(of: environment),
            riskLimits: RiskLimits(limits), routingRules: routingRules, session: environment.session,
            vwapSessions: environment.routing.vwapSessions,
            correlationLookback: limits.correlationLookback.value)
    }

    /// The gate's checks in the order they run (`RiskGate.checkOrder`); the order is the design's and
    /// never configurable.
    func riskChecks(_ limits: LimitsConfig) -> [RiskCheck] {
        [
            .positionRisk(limits.positionRisk.value),
            .grossExposure(limits.grossExposure.value),
            .sectorNetExposure(
                default: limits.defaultSectorNetExposure.value,
                sectors: limits.sectorNetExposure.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) }),
            .dailyLossHalt(limits.dailyLossHalt.value),
            .correlationBudget(limits.correlationBudget.value, lookback: limits.correlationLookback.value),
            .restrictedSymbols(limits.restricted.map(\.value)),
            .priceBand(limits.order.priceBand),
            .maxOrderNotional(limits.order.maxNotional.value),
            .maxOrdersPerMinute(limits.order.maxPerMinute.value),
        ]
    }

    func strategyNode(_ strategy: StrategyConfig) -> StrategyNode {
        let names = Set(strategy.indicators.map(\.name))
        let indicators = strategy.indicators.map { indicator in
            let references = indicator.expression.referencedIdentifiers
            return IndicatorNode(
                name: indicator.name, expression: indicator.expression.description,
                indicatorInputs: references.filter(names.contains).sorted(),
                barInputs: references.filter { !names.contains($0) }.sorted())
        }
        let rules = [("long", strategy.rules.long), ("short", strategy.rules.short), ("flat", strategy.rules.flat)]
            .compactMap { side, rule in rule.map { (side, $0.expression.description) } }
        let signalExpressions = [strategy.rules.long, strategy.rules.short, strategy.rules.flat, strategy.confidence,
                                 strategy.sizing.stop].compactMap { $0 }
        let signalInputs = Set(signalExpressions.flatMap(\.expression.referencedIdentifiers)).filter(names.contains)
        return StrategyNode(
            name: strategy.name.value, universe: strategy.universe.map(\.value), timeframe: strategy.timeframe.value,
            indicators: indicators, rules: rules, signalInputs: signalInputs.sorted(), confidence: strategy.confidence?.expression.description ?? "1",
            sizing: describe(strategy.sizing), config: strategy)
    }

    func describe(_ sizing: SizingConfig) -> String {
        var parts = [sizing.model.value]
        if let quantity = sizing.quantity { parts.append("quantity \(quantity)") }
        if let notional = sizing.notional { parts.append("notional \(notional)") }
        if let risk = sizing.riskPerPosition { parts.append("risk \(risk)") }
        if let stop = sizing.stop { parts.append("stop \(stop.expression)") }
        return parts.joined(separator: ", ")
    }

    func describe(_ rule: VenueRule) -> String {
        var conditions: [String] = []
        if let symbols = rule.symbols { conditions.append("symbols " + symbols.map(\.rawValue).joined(separator: ",")) }
        if let assetClass = rule.assetClass { conditions.append("asset class \(assetClass)") }
        if let minimum = rule.minimumNotional { conditions.append("notional >= \(minimum)") }
        return "\(conditions.isEmpty ? "any order" : conditions.joined(separator: " and ")) -> \(rule.venue)"
    }
}
