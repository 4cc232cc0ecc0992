import RunnerConfig
import RunnerExpressions
import RunnerIndicators

/// Every plugin kind's registry. The loader sees them through ``catalog``.
public struct PluginRegistries: Sendable {
    /// Indicator and function signatures callable from expressions.
    public var functions: FunctionCatalog
    public var brokerAdapters = PluginRegistry<BrokerAdapterDescriptor>(kind: "broker adapter")
    public var executionAlgorithms = PluginRegistry<String>(kind: "execution algorithm")
    public var sizingModels = PluginRegistry<SizingModelDescriptor>(kind: "sizing model")
    public var marketDataSources = PluginRegistry<MarketDataSourceDescriptor>(kind: "market data source")

    public init(functions: FunctionCatalog) {
        self.functions = functions
    }

    /// What the config loader may accept.
    public var catalog: PluginCatalog {
        PluginCatalog(
            functions: functions,
            brokerAdapters: brokerAdapters.all,
            executionAlgorithms: Dictionary(uniqueKeysWithValues: executionAlgorithms.names.compactMap { name in
                executionAlgorithms[name].map { (name, $0) }
            }),
            sizingModels: sizingModels.all,
            marketDataSources: marketDataSources.all)
    }

    /// The plugins that ship with the runner, with the standard indicators.
    public static let standard = standard(functions: IndicatorRegistry.standard.functionCatalog)

    /// The standard broker, routing, sizing and market data plugins with the given expression functions
    /// (the composition root passes the standard indicators plus any plugin's).
    public static func standard(functions: FunctionCatalog) -> PluginRegistries {
        var registries = PluginRegistries(functions: functions)
        do {
            for adapter in StandardPlugins.brokerAdapters { try registries.brokerAdapters.register(adapter.name, adapter) }
            for (name, summary) in StandardPlugins.executionAlgorithms {
                try registries.executionAlgorithms.register(name, summary)
            }
            for model in StandardPlugins.sizingModels { try registries.sizingModels.register(model.name, model) }
            for source in StandardPlugins.marketDataSources + StandardPlugins.liveMarketDataSources {
                try registries.marketDataSources.register(source.name, source)
            }
        } catch {
            preconditionFailure("the standard plugins collide: \(error)")
        }
        return registries
    }
}
