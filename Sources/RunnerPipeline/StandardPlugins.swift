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
                KeySpec("base_url", .string, .required,
                        "Trading API v2 endpoint: `https://api.alpaca.markets` (live account) or "
                            + "`https://paper-api.alpaca.markets` (Alpaca's paper account); either way the environment is "
                            + "`mode: live`, behind the live guard."),
                KeySpec("key_id_env", .environmentVariable, .required,
                        "Environment variable holding the API key id."),
                KeySpec("secret_key_env", .environmentVariable, .required,
                        "Environment variable holding the API secret."),
                KeySpec("stream_url", .string, .optional(defaultValue: "the base URL's host, ws(s)://HOST/stream"),
                        "The trade-updates websocket."),
                KeySpec("timeout", .duration, .optional(defaultValue: "10s"),
                        "How long one request may take; past it an order's outcome is unknown and it is looked up by "
                            + "client_order_id before the same id is sent again."),
            ],
            tradesRealMoney: true,
            summary: "Alpaca's trading API v2 and its trade-updates stream."),
        BrokerAdapterDescriptor(
            name: "fix",
            settings: [
                KeySpec("host", .string, .required, "FIX acceptor host."),
                KeySpec("port", .integer(minimum: ConfigDefaults.port.lowerBound, maximum: ConfigDefaults.port.upperBound), .required, "FIX acceptor port."),
                KeySpec("sender_comp_id", .string, .required, "SenderCompID of this side."),
                KeySpec("target_comp_id", .string, .required, "TargetCompID of the broker."),
                KeySpec("username_env", .environmentVariable,
                        .optional(defaultValue: "none"), "Environment variable holding the logon user name (553)."),
                KeySpec("password_env", .environmentVariable,
                        .optional(defaultValue: "none"), "Environment variable holding the logon password (554)."),
                KeySpec("account", .string, .optional(defaultValue: "none"), "Account (1) on every order."),
                KeySpec("heartbeat", .duration, .optional(defaultValue: "30s"), "HeartBtInt (108) proposed at logon."),
                KeySpec("reset_on_logon", .choice(["true", "false"]), .optional(defaultValue: "false"),
                        "`true` logs on with ResetSeqNumFlag (141=Y), both sides starting at 1; `false` resumes the "
                            + "persisted sequence numbers, and a gap is filled by resend."),
                KeySpec("store", .path, .optional(defaultValue: "fix/ beside the journal"),
                        "Folder of the persisted sequence numbers and the executions received."),
                KeySpec("timeout", .duration, .optional(defaultValue: "5s"),
                        "How long a request waits for the broker's answer; past it an order's outcome is unknown."),
            ],
            tradesRealMoney: true,
            summary: "FIX 4.4 session to a broker."),
        BrokerAdapterDescriptor(
            name: "process",
            settings: [
                KeySpec("command", .string, .required,
                        "The adapter program and its arguments, split at spaces (quote an argument that holds one): "
                            + "it speaks the line-delimited JSON protocol of docs/PROCESS_ADAPTER.md on stdin and stdout."),
                KeySpec("pass_variables", .pattern("variable-names", example: "BROKER_KEY, BROKER_SECRET"),
                        .optional(defaultValue: "none"),
                        "Environment variables the program gets (credentials); it gets no other variable but PATH and HOME."),
                KeySpec("timeout", .duration, .optional(defaultValue: "5s"),
                        "How long a request waits for its reply; past it an order's outcome is unknown, any other call failed."),
                KeySpec("on_failure", .choice(["restart", "fail"]), .optional(defaultValue: "restart"),
                        "A crashed, hanging or misbehaving program: `restart` starts it again (at most `max_restarts` "
                            + "times), then the run halts; `fail` halts the run at once. Either way an alert goes out."),
                KeySpec("max_restarts", .integer(minimum: 0, maximum: 100), .optional(defaultValue: "3"),
                        "Restarts allowed by `on_failure: restart`."),
            ],
            tradesRealMoney: true,
            summary: "Any broker, through a program in any language (docs/PROCESS_ADAPTER.md)."),
    ]

    static let executionAlgorithms: [(String, String)] = [
        ("direct", "One order, sent at once."),
        ("twap", "Equal child orders over the horizon, one per child interval."),
        ("vwap", "Child orders following the intraday volume profile, capped by the participation rate."),
    ]

    static let sizingModels: [SizingModelDescriptor] = [
        SizingModelDescriptor(
            name: "fixed_quantity", requiredKeys: ["quantity"], summary: "The same number of shares every time.",
            holdsOneSize: true),
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

    /// Settings every live source has: the bar grid and the silence limits.
    static let liveFeedSettings: [KeySpec] = [
        KeySpec("interval", .duration, .required, "Length of one bar: the time moves on this grid."),
        KeySpec("grace", .duration, .optional(defaultValue: "2s"),
                "How long after a bar's end the run waits for it before deciding without it; a bar that comes later "
                    + "is dropped and reported (late)."),
        KeySpec("silence_alert", .duration, .optional(defaultValue: "two intervals"),
                "No bar for this long: an alert."),
        KeySpec("silence_halt", .duration, .optional(defaultValue: "five intervals, or silence_alert if longer"),
                "No bar for this long: new risk stops (the run halts; reductions and the kill switch still work; "
                    + "`runner resume` re-arms it)."),
    ]

    static let liveMarketDataSources: [MarketDataSourceDescriptor] = [
        MarketDataSourceDescriptor(
            name: "process",
            settings: [
                KeySpec("command", .string, .required,
                        "A program that prints bars as JSON lines (docs/PROCESS_ADAPTER.md, \"Bar feeds\"), split at "
                            + "spaces as `broker.command` is."),
                KeySpec("on_failure", .choice(["restart", "fail"]), .optional(defaultValue: "restart"),
                        "The program crashing: `restart` starts it again (at most 3 times), `fail` stops the feed."),
                KeySpec("clock", .choice(["wall", "bars"]), .optional(defaultValue: "wall"),
                        "`wall`: the time is the wall clock's (a live feed). `bars`: the time is the bars' own, moved by "
                            + "the bars alone as a replay's (history through the live path, paced by the feed: "
                            + "`examples/feeds/csv_feed.py --speed 1`); a paper environment only."),
            ] + liveFeedSettings,
            summary: "Live bars from a program in any language."),
        MarketDataSourceDescriptor(
            name: "alpaca",
            settings: [
                KeySpec("url", .string, .optional(defaultValue: "wss://stream.data.alpaca.markets/v2/iex"),
                        "Alpaca's market data v2 stream."),
                KeySpec("key_id_env", .environmentVariable, .required, "Environment variable holding the API key id."),
                KeySpec("secret_key_env", .environmentVariable, .required, "Environment variable holding the API secret."),
            ] + liveFeedSettings,
            summary: "Live one-minute bars from Alpaca's market data stream."),
    ]
}
