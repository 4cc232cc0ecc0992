import RunnerExpressions

/// The names the loader may accept for each plugin kind, with their settings.
///
/// The pipeline's registries produce this value; the loader only reads it, so a typo in a plugin
/// name is a load-time diagnostic and the config layer never depends on plugin code.
public struct PluginCatalog: Sendable {
    /// Functions and indicators callable from expressions, with their signatures.
    public var functions: FunctionCatalog
    /// Broker adapters by `broker.adapter` name.
    public var brokerAdapters: [String: BrokerAdapterDescriptor]
    /// Execution algorithms by `routing.algorithm` name.
    public var executionAlgorithms: [String: String]
    /// Sizing models by `sizing.model` name.
    public var sizingModels: [String: SizingModelDescriptor]
    /// Market data sources by `market_data.source` name.
    public var marketDataSources: [String: MarketDataSourceDescriptor]

    public init(
        functions: FunctionCatalog,
        brokerAdapters: [BrokerAdapterDescriptor],
        executionAlgorithms: [String: String],
        sizingModels: [SizingModelDescriptor],
        marketDataSources: [MarketDataSourceDescriptor]
    ) {
        self.functions = functions
        self.brokerAdapters = Dictionary(uniqueKeysWithValues: brokerAdapters.map { ($0.name, $0) })
        self.executionAlgorithms = executionAlgorithms
        self.sizingModels = Dictionary(uniqueKeysWithValues: sizingModels.map { ($0.name, $0) })
        self.marketDataSources = Dictionary(uniqueKeysWithValues: marketDataSources.map { ($0.name, $0) })
    }
}

/// A broker adapter as the loader sees it: its name, its settings and whether it may trade live.
public struct BrokerAdapterDescriptor: Sendable, Hashable {
    public var name: String
    /// Keys allowed beside `adapter:` in the `broker:` mapping.
    public var settings: [KeySpec]
    /// A paper adapter can never be the broker of a `mode: live` environment.
    public var tradesRealMoney: Bool
    public var summary: String

    public init(name: String, settings: [KeySpec], tradesRealMoney: Bool, summary: String) {
        self.name = name
        self.settings = settings
        self.tradesRealMoney = tradesRealMoney
        self.summary = summary
    }
}

/// A sizing model: which of the `sizing:` keys it needs.
public struct SizingModelDescriptor: Sendable, Hashable {
    public var name: String
    /// Keys of `sizing:` (besides `model`) this model requires; the others are refused.
    public var requiredKeys: [String]
    public var summary: String
    /// Whether every target on one side has the same size (`fixed_quantity`): then `rebalance_band` and
    /// `min_order` would have nothing to hold, and are refused.
    public var holdsOneSize: Bool

    public init(name: String, requiredKeys: [String], summary: String, holdsOneSize: Bool = false) {
        self.name = name
        self.requiredKeys = requiredKeys
        self.summary = summary
        self.holdsOneSize = holdsOneSize
    }
}

/// A market data source and the keys it takes beside `source:`.
public struct MarketDataSourceDescriptor: Sendable, Hashable {
    public var name: String
    public var settings: [KeySpec]
    public var summary: String

    public init(name: String, settings: [KeySpec], summary: String) {
        self.name = name
        self.settings = settings
        self.summary = summary
    }
}
