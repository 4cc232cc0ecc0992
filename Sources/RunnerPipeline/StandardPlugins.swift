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
                        "A bad row (fields not as many as the header's, a value that does not read, a price not above 0 or "
                            + "above 1e9, a volume outside 0 to 1e15, an open or close outside the low and high, a time out of "
                            + "order or outside 1900-2199, a line too long), the same bar in two files with other values, or a "
                            + "universe symbol with no data: `skip` reports and counts it, `stop` ends the replay at it. A file "
                            + "that cannot be read (no such column, a column named twice) always stops, and a run that skips "
                            + "more rows than it reads (or reads no bar) fails."),
                KeySpec("columns", .pattern("column-mapping", example: "timestamp=Date, volume=Vol"), .optional(defaultValue: "none"),
                        "The header names of fields named otherwise (case does not matter), as `field=Header` pairs: "
                            + "`timestamp=Date, close=Adj Close`. Fields left out are read from the column named like them; "
                            + "other columns are ignored, in any order."),
                KeySpec("symbol_source", .choice(MarketDataLayout.SymbolSource.allCases.map(\.rawValue)),
                        .optional(defaultValue: MarketDataLayout.SymbolSource.column.rawValue),
                        "`column` reads each row's symbol; `file_name` takes it from the file's name (`AAPL.csv` holds "
                            + "AAPL's bars), for exports without a symbol column: the name must be a symbol."),
                KeySpec("timestamp_format", .pattern("timestamp-format", example: "%m/%d/%Y %H:%M"),
                        .optional(defaultValue: TimestampFormat.automatic.description),
                        "`auto` (ISO-8601, or epoch seconds or milliseconds), `epoch_seconds`, `epoch_milliseconds`, or a "
                            + "pattern of %Y %m %d %H %I %M %S %f %p %z and literal characters (`%m/%d/%Y %I:%M %p`); numbers "
                            + "may drop leading zeros (`1/5/2026`) unless two directives touch (`%Y%m%d`)."),
                KeySpec("time_zone", .timeZone, .optional(defaultValue: "UTC"),
                        "The zone of timestamps written without an offset (`America/New_York`). Not with epoch timestamps "
                            + "or daily bars, which it would not change."),
                KeySpec("bars", .choice(MarketDataLayout.BarInterval.allCases.map(\.rawValue)),
                        .optional(defaultValue: MarketDataLayout.BarInterval.intraday.rawValue),
                        "`intraday`: each row is stamped with its timestamp. `daily`: each row is one trading day, "
                            + "written as a date alone, and is stamped at the close of the environment's `session` that "
                            + "day, so a strategy sees it once the day is over."),
                KeySpec("order", .choice(MarketDataLayout.RowOrder.allCases.map(\.rawValue)),
                        .optional(defaultValue: MarketDataLayout.RowOrder.ascending.rawValue),
                        "`ascending`: oldest row first. `descending`: newest first, as many sites export; each file "
                            + "is then read whole into memory to be turned around."),
                KeySpec("max_line_length", .integer(minimum: MarketDataLayout.maximumLineLengths.lowerBound,
                                                    maximum: MarketDataLayout.maximumLineLengths.upperBound),
                        .optional(defaultValue: "\(MarketDataLayout.defaultMaximumLineLength)"),
                        "The longest line read, in bytes, from \(MarketDataLayout.maximumLineLengths.lowerBound) to "
                            + "\(MarketDataLayout.maximumLineLengths.upperBound): memory per file follows it, so a file "
                            + "without line breaks cannot take it all. A longer row is a bad row; a longer header refuses the file."),
            ],
            summary: "Bars replayed from CSV files."),
    ]
}
