import RunnerCore
import RunnerDiagnostics

/// `environments/<name>.yaml`: what runs, against which broker, under which limits.
public struct EnvironmentConfig: Sendable {
    /// The environment's name: its file name without `.yaml`.
    public var name: String
    public var file: String
    public var mode: Located<TradingMode>
    /// Path of the limits file, relative to the config root.
    public var limitsFile: Located<String>
    public var strategies: [Located<String>]
    /// How each strategy is run (file, name, parameter values), in the order of ``strategies``.
    public var strategyUses: [StrategyUse] = []
    public var account: AccountConfig
    public var broker: BrokerConfig
    public var marketData: MarketDataConfig
    public var bus: BusConfig
    public var journalPath: String
    public var routing: RoutingConfig
    public var heartbeat: Duration
    public var watchdogSignalSilence: Duration
    public var reconciliation: ReconciliationConfig
    public var clock: ClockConfig
    public var dashboard: NetworkAddress
    /// `session:`, or ``ConfigDefaults/session`` for the keys left out: sets the trading day of the
    /// start-of-day equity and of the daily-loss halt.
    public var session: TradingSession
    /// `alerts:`, or ``ConfigDefaults/alerts`` (no sink: the journal and the log only) when left out.
    public var alerts: AlertsConfig = ConfigDefaults.alerts
    /// Where each top-level key written in the file stands, by key; keys left out have none.
    public var keyLocations: [String: SourceLocation]
}

public struct AccountConfig: Sendable {
    public var id: Located<String>
    public var startingEquity: Located<Money>?
}

/// The broker adapter by name and its settings, kept as text for the adapter to interpret.
public struct BrokerConfig: Sendable {
    public var adapter: Located<String>
    /// Settings beside `adapter:`, by key, with their locations.
    public var settings: [String: Located<String>]
    /// Names of the environment variables that hold credentials (values of `*_env` keys).
    public var credentialVariables: [Located<String>]
    /// The paper adapter's settings, typed, with ``ConfigDefaults/paperBroker`` for keys left out; nil
    /// for any other adapter.
    public var paper: PaperBrokerConfig?
}

/// The `broker:` settings of the paper adapter.
public struct PaperBrokerConfig: Sendable, Hashable {
    /// `latency:` before an order reaches the simulated book.
    public var latency: Duration
    /// `slippage:` against each fill's price.
    public var slippage: Ratio
    /// `max_participation:`: the largest share of a bar's volume one order fills.
    public var maxParticipation: Ratio
    /// `fees:` on each fill's notional.
    public var fees: Ratio

    public init(latency: Duration, slippage: Ratio, maxParticipation: Ratio, fees: Ratio) {
        self.latency = latency
        self.slippage = slippage
        self.maxParticipation = maxParticipation
        self.fees = fees
    }
}

public struct MarketDataConfig: Sendable {
    public var source: Located<String>
    public var settings: [String: Located<String>]
    /// `speed:`, or ``ConfigDefaults/replaySpeed`` when left out.
    public var speed: ReplaySpeed
    /// `on_bad_row:`, or ``ConfigDefaults/onBadRow`` when left out.
    public var onBadRow: BadRowPolicy
    /// How the CSV files are laid out (`columns:`, `symbol_source:`, `timestamp_format:`, `time_zone:`,
    /// `bars:`, `order:`, `max_line_length:`), ``MarketDataLayout/standard`` for the keys left out.
    public var layout: MarketDataLayout = .standard
    /// The bar grid and silence limits of a live source (`interval:` and the keys beside it); nil for a
    /// replayed one.
    public var live: LiveFeedConfig?
}

/// How a live source's bars are awaited (see the engine's `BarArrivalPolicy` and `FeedSilence`).
public struct LiveFeedConfig: Sendable, Hashable {
    public var interval: Duration
    public var grace: Duration
    public var silenceAlert: Duration
    public var silenceHalt: Duration
    /// `clock: bars`: the time follows the bars' timestamps (history at wall-clock speed).
    public var followsBars = false

    public init(interval: Duration, grace: Duration, silenceAlert: Duration, silenceHalt: Duration, followsBars: Bool = false) {
        self.followsBars = followsBars
        self.interval = interval
        self.grace = grace
        self.silenceAlert = silenceAlert
        self.silenceHalt = silenceHalt
    }
}

/// In-process by default; Redis Streams when stages run as separate processes.
public enum BusConfig: Sendable, Hashable {
    case memory
    case redis(url: String)
}

public struct RoutingConfig: Sendable {
    public var sliceAbove: SliceThreshold
    public var algorithm: Located<String>
    public var horizon: Duration
    public var childInterval: Duration
    public var participation: Ratio
    /// `vwap_sessions:`: past sessions the expected intraday volume profile averages.
    public var vwapSessions: Int
    public var defaultVenue: String
    public var venues: [VenueRule]
}

/// Orders matching every given condition go to `venue`; the first matching rule wins.
public struct VenueRule: Sendable {
    public var venue: String
    public var symbols: [Symbol]?
    public var assetClass: String?
    public var minimumNotional: Money?
}

public struct ReconciliationConfig: Sendable {
    public var interval: Duration
    public var alertAbove: Ratio
    public var flattenAbove: Ratio
    public var unknownOrders: UnknownOrderPolicy = .cancel
}

/// What a run does with open orders at the broker it did not send (`reconciliation.unknown_orders`).
public enum UnknownOrderPolicy: String, Sendable, Hashable, CaseIterable {
    case cancel, adopt, refuse
}

public struct ClockConfig: Sendable {
    public var servers: [NetworkAddress]
    public var maxOffset: Duration
    public var checkInterval: Duration

    /// The shortest `check_interval`: RFC 4330 section 10 forbids a client to poll a server more often.
    public static let minimumCheckInterval: Duration = .seconds(15)
}
