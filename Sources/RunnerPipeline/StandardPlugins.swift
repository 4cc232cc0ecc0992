import RunnerConfig
import RunnerCore

/// Descriptors of the plugins that ship with the runner: their names and the settings each accepts.
enum StandardPlugins {
    static let brokerAdapters: [BrokerAdapterDescriptor] = [
        BrokerAdapterDescriptor(
            name: "paper",
            settings: [
                KeySpec("latency", .duration, .optional(defaultValue: ConfigDefaults.paperBroker.latency.configText), "Simulated delay before an order reaches the book."),
                KeySpec("slippage", .basisPoints, .optional(defaultValue: ConfigDefaults.paperBroker.slippage.basisPointsText), "Price slippage against each fill."),
                KeySpec("max_participation", .ratio(maximumPercent: 100, allowsZero: false), .optional(defaultValue: ConfigDefaults.paperBroker.maxParticipation.description),
                        "Largest share of a bar's volume one order may fill; the rest fills later."),
                KeySpec("fees", .basisPoints, .optional(defaultValue: ConfigDefaults.paperBroker.fees.basisPointsText), "Fees charged on each fill's notional."),
            ],
            tradesRealMoney: false,
            summary: "Simulated broker filling against market data."),
        BrokerAdapterDescriptor(
            name: "alpaca",
            settings: [
                KeySpec("base_url", .string, .required, "REST endpoint of the account."),
                KeySpec("key_id_env", .environmentVariable, .required,
                        "Environment variable holding the API key id."),
                KeySpec("secret_key_env", .environmentVariable, .required,
                        "Environment variable holding the API secret."),
            ],
            tradesRealMoney: true,
            summary: "Alpaca's trading API."),
        BrokerAdapterDescriptor(
            name: "fix",
            settings: [
                KeySpec("host", .string, .required, "FIX acceptor host."),
                KeySpec("port", .integer(minimum: ConfigDefaults.port.lowerBound, maximum: ConfigDefaults.port.upperBound), .required, "FIX acceptor port."),
                KeySpec("sender_comp_id", .string, .required, "SenderCompID of this side."),
                KeySpec("target_comp_id", .string, .required, "TargetCompID of the broker."),
                KeySpec("password_env", .environmentVariable,
                        .optional(defaultValue: "none"), "Environment variable holding the logon password."),
            ],
            tradesRealMoney: true,
            summary: "FIX 4.4 session to a broker."),
    ]

    static let executionAlgorithms: [(String, String)] = [
        ("direct", "One order, sent at once."),
        ("twap", "Equal child orders over the horizon, one per child interval."),
        ("vwap", "Child orders following the intraday volume profile, capped by the participation rate."),
    ]

    static let sizingModels: [SizingModelDescriptor] = [
        SizingModelDescriptor(name: "fixed_quantity", requiredKeys: ["quantity"], summary: "The same number of shares every time."),
        SizingModelDescriptor(name: "fixed_notional", requiredKeys: ["notional"], summary: "The same cash amount every time."),
        SizingModelDescriptor(
            name: "volatility_target", requiredKeys: ["risk_per_position", "stop"],
            summary: "Quantity = equity x risk_per_position / stop distance."),
    ]

    static let marketDataSources: [MarketDataSourceDescriptor] = [
        MarketDataSourceDescriptor(
            name: "csv",
            settings: [
                KeySpec("path", .path, .required, "A CSV file or a folder of them (`timestamp,symbol,open,high,low,close,volume`)."),
                KeySpec("speed", .replaySpeed, .optional(defaultValue: ConfigDefaults.replaySpeed.description),
                        "`max` replays as fast as possible; `10x` at ten times real time (gaps over an hour, such as nights, are skipped)."),
                KeySpec("on_bad_row", .choice(BadRowPolicy.allCases.map(\.rawValue)), .optional(defaultValue: ConfigDefaults.onBadRow.rawValue),
                        "A malformed row, a timestamp out of order or an impossible price: `skip` reports and counts "
                            + "it, `stop` ends the replay at it. A missing column always stops."),
            ],
            summary: "Bars replayed from CSV files."),
    ]
}
