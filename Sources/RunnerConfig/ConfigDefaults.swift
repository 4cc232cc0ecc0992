import Foundation
import RunnerCore
import RunnerDiagnostics

/// The one typed default of each optional setting. The loaders use these when a key is left out, and
/// the schema prints them (and so `docs/CONFIG.md` and `schema/*.schema.json`), so the documented
/// default is the default used. A key that is present but wrong is an error, never one of these.
public enum ConfigDefaults {
    // MARK: environments/<name>.yaml

    /// `bus:`: in process.
    public static let bus = BusConfig.memory
    /// `journal:`, as documented (the environment's name in place of `<environment>`).
    public static let journalPattern = "var/<environment>/journal.sqlite"
    /// `heartbeat:`.
    public static let heartbeat: Duration = .seconds(5)
    /// `watchdog.signal_silence:`.
    public static let watchdogSignalSilence: Duration = .seconds(30)
    /// `reconciliation:`.
    public static let reconciliation = ReconciliationConfig(
        interval: .seconds(60), alertAbove: .percent(0.05), flattenAbove: .percent(0.5))
    /// `clock:`: no servers, checked every 10 minutes, 250 ms allowed.
    public static let clock = ClockConfig(servers: [], maxOffset: .milliseconds(250), checkInterval: .seconds(600))
    /// `dashboard.listen:`.
    public static let dashboardListen = NetworkAddress(host: "127.0.0.1", port: 8080)
    /// `routing:` without venue rules.
    public static let routing = RoutingConfig(
        sliceAbove: SliceThreshold(share: .percent(5), window: .seconds(60)),
        algorithm: Located("twap", at: SourceLocation(file: "", line: 0, column: 0)), horizon: .seconds(600),
        childInterval: .seconds(30), participation: .percent(10), vwapSessions: 20, defaultVenue: "primary", venues: [])
    /// The most past sessions a VWAP profile may average (`routing.vwap_sessions`): a trading year.
    public static let maximumVWAPSessions = 250
    /// `routing.horizon:` at most: a sliced order never works past the session's close anyway.
    public static let longestHorizon: Duration = .seconds(86_400)
    /// `routing.child_interval:` at least: a parent order's children are planned up front, one per interval.
    public static let shortestChildInterval: Duration = .seconds(1)
    /// `routing.vwap_sessions:`.
    public static let vwapSessions = 1...maximumVWAPSessions
    /// `market_data.speed:` (CSV source).
    public static let replaySpeed = ReplaySpeed.max
    /// `market_data.on_bad_row:` (CSV source).
    public static let onBadRow = BadRowPolicy.skip
    /// `session:`: the New York Stock Exchange's regular hours, 09:30 to 16:00 New York time.
    public static let session: TradingSession = {
        guard let newYork = TimeZone(identifier: "America/New_York"),
            let session = TradingSession(timeZone: newYork, openMinute: 9 * 60 + 30, closeMinute: 16 * 60)
        else { preconditionFailure("Foundation does not know the time zone America/New_York") }
        return session
    }()
    /// `alerts:` left out: no sink (alerts reach the journal and the log only); its keys' defaults otherwise.
    public static let alerts = AlertsConfig(
        webhookURLVariable: nil, command: [], minimumSeverity: .warning, timeout: .seconds(10), attempts: 5)
    /// `alerts.timeout:`: long enough for a slow webhook, short enough that a hung one is noticed.
    public static let alertTimeout: ClosedRange<Duration> = .seconds(1) ... .seconds(300)
    /// `alerts.attempts:`.
    public static let alertAttempts = 1...20
    /// `broker:` settings of the paper adapter.
    public static let paperBroker = PaperBrokerConfig(
        latency: .zero, slippage: Ratio(0), maxParticipation: .percent(100), fees: Ratio(0))

    // MARK: limits/<name>.yaml

    /// `order.price_band:`.
    public static let priceBand: Ratio = .percent(10)
    /// `default_stop:`.
    public static let defaultStop: Ratio = .percent(2)

    // MARK: Ranges of the numbers in config files, enforced when a file loads

    /// The largest amount of money any key takes (a trillion in the account's currency): beyond any
    /// account or order, and small enough that an amount times a price or a quantity stays exact in
    /// `Decimal` and every conversion to a whole number of shares fits `Int64`.
    public static let maximumMoney: Decimal = 1_000_000_000_000
    /// ``maximumMoney`` as the docs print it, `1,000,000,000,000`.
    public static var maximumMoneyText: String { Int(truncating: NSDecimalNumber(decimal: maximumMoney)).grouped }
    /// `correlation_lookback:`: bars of returns kept per symbol for correlations. The same bound as an
    /// expression's longest window (`FunctionSignature.maximumWindow`, over a year of one-minute bars).
    public static let correlationLookback = 2...100_000
    /// `order.max_per_minute:`: orders the gate approves per minute. More than a thousand a second is no
    /// limit at all, and the token bucket counts in units of 1/60,000 of an order, in `Int64`.
    public static let ordersPerMinute = 1...100_000
    /// `sizing.quantity:`: shares per position; a billion is past any listed company's float.
    public static let quantity = 1...1_000_000_000
    /// The most symbols in one strategy's `universe:`: about every listed US equity. Each symbol holds its
    /// own indicator state and market state during a run.
    public static let maximumUniverse = 10_000
    /// The longest hold `exits.max_bars` may ask for (about 190 years of 1m bars: a typo, not a plan).
    public static let maximumHoldBars = 100_000_000
    /// The largest config file read, in bytes: a hand-written file is a few kilobytes, and the whole file
    /// is held in memory with its node tree while it is checked.
    public static let maximumConfigFileBytes = 4 * 1_024 * 1_024
    /// A network port.
    public static let port = 1...65_535

    /// The journal path of environment `name` when `journal:` is left out.
    public static func journalPath(environment name: String) -> String {
        journalPattern.replacingOccurrences(of: "<environment>", with: name)
    }
}

extension Ratio {
    /// `2bps`: the config spelling of a ratio in basis points.
    public var basisPointsText: String {
        let points = (value * 10_000 * 1e9).rounded() / 1e9
        return points == points.rounded() && abs(points) < 1e15 ? "\(Int64(points))bps" : "\(points)bps"
    }
}

extension BusConfig: CustomStringConvertible {
    /// `memory`, or the Redis URL.
    public var description: String {
        switch self {
        case .memory: "memory"
        case .redis(let url): url
        }
    }
}
