import RunnerConfig
import RunnerCore
import RunnerRisk
import RunnerRouting

/// The validated shape of one environment's pipeline: what runs, in which order, with which figures.
///
/// data source -> indicator DAG per strategy -> signal node per strategy -> risk gate (ordered checks)
/// -> router -> broker adapter, with the kill switch, and the attached parts (bus, clock check,
/// reconciliation, watchdog, heartbeat, dashboard), each marked with whether it runs in this version.
public struct PipelineGraph: Sendable {
    public var environment: String
    public var mode: TradingMode
    public var dataSource: DataSourceNode
    public var strategies: [StrategyNode]
    public var riskGate: RiskGateNode
    public var router: RouterNode
    public var broker: BrokerNode
    public var journalPath: String
    /// Bus, clock check, reconciliation, watchdog, heartbeat and dashboard, in that order.
    public var attached: [AttachedPart]
    /// The gate's figures, as the gate computes with them (what ``RiskGateNode`` draws).
    public var riskLimits: RiskLimits
    /// The router's rules, as the router computes with them (what ``RouterNode`` draws).
    public var routingRules: RoutingRules
    /// The exchange's session: its trading day, hours and time zone.
    public var session: TradingSession
    /// Past sessions the VWAP volume profile averages (`routing.vwap_sessions`).
    public var vwapSessions: Int
    /// Bars of returns the correlation estimate uses (`correlation_lookback`).
    public var correlationLookback: Int

    /// The attached part of `kind`.
    public func part(_ kind: AttachedPart.Kind) -> AttachedPart? { attached.first { $0.kind == kind } }
}

public struct DataSourceNode: Sendable {
    public var source: String
    public var settings: [(key: String, value: String)]
}

/// One strategy: its indicator DAG and its signal node.
public struct StrategyNode: Sendable {
    public var name: String
    public var universe: [Symbol]
    public var timeframe: Duration
    /// In dependency order.
    public var indicators: [IndicatorNode]
    public var rules: [(side: String, expression: String)]
    /// Named indicators the rules, confidence and stop read.
    public var signalInputs: [String]
    public var confidence: String
    public var sizing: String
    /// The protective exits, `stop_loss: 2 * vol`.
    public var exits: [String]
    /// The parameters with the values it runs with, `fast=5 (default 10)`.
    public var parameters: [String]
    /// The strategy file it runs, when the environment runs it under another name or with other values.
    public var uses: String?
    /// The loaded strategy the signal engine compiles.
    public var config: StrategyConfig
}

/// A named indicator: its expression and what it reads (bar fields and other indicators).
public struct IndicatorNode: Sendable {
    public var name: String
    public var expression: String
    /// Other named indicators of the same strategy it uses.
    public var indicatorInputs: [String]
    /// Bar fields it reads directly (`close`, `volume`).
    public var barInputs: [String]
}

/// The risk gate and its checks, in the order they run.
public struct RiskGateNode: Sendable {
    public var limitsFile: String
    public var checks: [RiskCheck]
}

/// One check of the gate with the figure it enforces, all taken from the limits file; the cases are
/// declared in the order the gate applies them.
public enum RiskCheck: Sendable, CustomStringConvertible {
    case positionRisk(Ratio)
    case grossExposure(Ratio)
    case sectorNetExposure(default: Ratio, sectors: [(String, Ratio)])
    case dailyLossHalt(Ratio)
    case correlationBudget(Ratio, lookback: Int)
    case restrictedSymbols([Symbol])
    case priceBand(Ratio)
    case maxOrderNotional(Money)
    case maxOrdersPerMinute(Int)

    public var description: String {
        switch self {
        case .positionRisk(let limit): "position risk <= \(limit)"
        case .grossExposure(let limit): "gross exposure <= \(limit)"
        case .sectorNetExposure(let fallback, let sectors):
            "sector net exposure <= \(fallback) default"
                + sectors.map { ", \($0.0) \($0.1)" }.joined()
        case .dailyLossHalt(let limit): "daily loss halt at drawdown > \(limit)"
        case .correlationBudget(let limit, let lookback): "correlation budget <= \(limit) (lookback \(lookback) bars)"
        case .restrictedSymbols(let symbols):
            "restricted symbols: " + (symbols.isEmpty ? "none" : symbols.map(\.rawValue).joined(separator: ", "))
        case .maxOrderNotional(let money): "order notional <= \(money)"
        case .maxOrdersPerMinute(let count): "orders per minute <= \(count)"
        case .priceBand(let band): "price within \(band) of last"
        }
    }
}

public struct RouterNode: Sendable {
    public var algorithm: String
    public var sliceAbove: SliceThreshold
    public var horizon: Duration
    public var childInterval: Duration
    public var participation: Ratio
    public var defaultVenue: String
    public var venueRules: [String]
}

public struct BrokerNode: Sendable {
    public var adapter: String
    public var account: String
    public var tradesRealMoney: Bool
}
