import RunnerCore

extension ConfigSchema {
    /// Keys of `environments/<name>.yaml`.
    public static func environment(catalog: PluginCatalog) -> [KeySpec] {
        var brokerKeys = [KeySpec("adapter", .choice(catalog.brokerAdapters.keys.sorted()), .required, "Broker adapter.")]
        brokerKeys += mergedSettings(catalog.brokerAdapters.values.sorted { $0.name < $1.name }.map(\.settings))
        var marketDataKeys = [
            KeySpec("source", .choice(catalog.marketDataSources.keys.sorted()), .required, "Market data source.")
        ]
        marketDataKeys += mergedSettings(catalog.marketDataSources.values.sorted { $0.name < $1.name }.map(\.settings))
        return [
            KeySpec("mode", .choice(["paper", "live"]), .required,
                    "`live` trades real money and passes the live guard first."),
            KeySpec("limits", .path, .required, "The limits file, such as `limits/paper.yaml`."),
            KeySpec(
                "strategies",
                .list(.either(.identifier, .object([
                    KeySpec("use", .identifier, .required, "The strategy file's name (in `strategies/`)."),
                    KeySpec("as", .identifier, .optional(defaultValue: "the file's name"),
                            "The name this run knows it by: in the journal, the decisions and the reports."),
                    KeySpec("params", .dictionary(keyName: "parameter", value: .number),
                            .optional(defaultValue: "the file's defaults"),
                            "Values for parameters the file declares under `params:`, within their bounds."),
                ]))), .required,
                "The strategies to run: a file's name (`ma_cross`), or `{use: ma_cross, as: ma_cross_fast, params: "
                    + "{fast: 8}}` to run a file under another name with other parameter values (one file may run "
                    + "several times)."),
            KeySpec(
                "account",
                .object([
                    KeySpec("id", .string, .required, "Broker account id; must equal the limits file's `account`."),
                    KeySpec("starting_equity", .money(allowsZero: false), .optional(defaultValue: "required in paper mode"),
                            "Cash the paper account starts with."),
                ]), .required, "The trading account."),
            KeySpec("broker", .object(brokerKeys), .required,
                    "Broker adapter and its settings; credentials only as names of environment variables (`*_env`)."),
            KeySpec("market_data", .object(marketDataKeys), .required, "Where bars come from."),
            KeySpec("bus", .either(.choice(["memory"]), .pattern("redis-url", example: "redis://127.0.0.1:6379")),
                    .optional(defaultValue: ConfigDefaults.bus.description), "Message bus between stages: `memory` runs them in one process; `redis://...` (Redis Streams between processes) does not run yet."),
            KeySpec("journal", .path, .optional(defaultValue: ConfigDefaults.journalPattern),
                    "SQLite journal file, ending in `.sqlite`, `.sqlite3` or `.db`: relative to the config root and "
                        + "inside it (no `..`), or absolute and used as written; never in `strategies/`, `limits/`, "
                        + "`environments/` or the market data. The paper book and trading state go beside it. "
                        + "`runner run --fresh` replaces only a journal this environment's runs wrote."),
            KeySpec("routing", .object(routingKeys(catalog: catalog)), .optional(defaultValue: "the defaults below"),
                    "How approved targets become orders."),
            KeySpec("heartbeat", .duration, .optional(defaultValue: ConfigDefaults.heartbeat.configText), "Interval of each stage's heartbeat."),
            KeySpec(
                "watchdog",
                .object([
                    KeySpec("signal_silence", .duration, .optional(defaultValue: ConfigDefaults.watchdogSignalSilence.configText),
                            "Silence of the signal engine after which the kill switch fires.")
                ]), .optional(defaultValue: "the default above"), "The heartbeat watchdog."),
            KeySpec(
                "reconciliation",
                .object([
                    KeySpec("interval", .duration, .optional(defaultValue: ConfigDefaults.reconciliation.interval.configText), "How often the broker's positions, fills and open orders are compared with the runner's (market time in a replay, wall time live); also once before the first order."),
                    KeySpec("alert_above", .ratio(maximumPercent: 100, allowsZero: true), .optional(defaultValue: ConfigDefaults.reconciliation.alertAbove.description),
                            "A mismatch (unknown notional over equity, see the README's Reconciliation) strictly above this raises an alert."),
                    KeySpec("flatten_above", .ratio(maximumPercent: 100, allowsZero: false), .optional(defaultValue: ConfigDefaults.reconciliation.flattenAbove.description),
                            "A mismatch strictly above this fires the kill switch and pages; must exceed `alert_above`."),
                    KeySpec("unknown_orders", .choice(UnknownOrderPolicy.allCases.map(\.rawValue)),
                            .optional(defaultValue: ConfigDefaults.reconciliation.unknownOrders.rawValue),
                            "Open orders at the broker that this run did not send, found when it starts and whenever the "
                                + "connection comes back (always reported): `cancel` cancels them before any new order, "
                                + "`adopt` tracks them as working orders (their fills are booked), `refuse` stops a run "
                                + "that finds one at the start and halts a running one."),
                ]), .optional(defaultValue: "the defaults above"), "Broker-versus-journal reconciliation of positions, fills and open orders."),
            KeySpec(
                "clock",
                .object([
                    KeySpec("servers", .list(.address), .optional(defaultValue: "[\(ConfigDefaults.clock.servers.map(\.description).joined(separator: ", "))]"),
                            "NTP servers as `host:port` (UDP, SNTP), all asked at once with a 1 s timeout; the answer with the "
                                + "lowest round-trip delay counts. Without any, nothing is checked and a live environment is refused."),
                    KeySpec("max_offset", .duration, .optional(defaultValue: ConfigDefaults.clock.maxOffset.configText),
                            "Largest clock offset, either way, live trading accepts (above 0): beyond it a live environment "
                                + "does not start and a running one halts; paper warns."),
                    KeySpec("check_interval", .duration, .optional(defaultValue: ConfigDefaults.clock.checkInterval.configText),
                            "How often a run measures the offset again, in wall time; at least \(ClockConfig.minimumCheckInterval.configText) (RFC 4330)."),
                ]), .optional(defaultValue: "the defaults above"),
                "Clock check against NTP: `runner preflight` and `runner run` measure the offset before starting, and a run "
                    + "checks it again every `check_interval`."),
            KeySpec(
                "dashboard",
                .object([
                    KeySpec("listen", .address, .optional(defaultValue: ConfigDefaults.dashboardListen.description), "Address of the dashboard.")
                ]), .optional(defaultValue: "the default above"), "The dashboard and its kill switch button."),
            KeySpec(
                "session",
                .object([
                    KeySpec("time_zone", .timeZone, .optional(defaultValue: ConfigDefaults.session.timeZone.identifier),
                            "The exchange's time zone; the trading day changes at midnight there."),
                    KeySpec("open", .timeOfDay,
                            .optional(defaultValue: TradingSession.clockText(ConfigDefaults.session.openMinute)),
                            "Local time the regular session opens."),
                    KeySpec("close", .timeOfDay,
                            .optional(defaultValue: TradingSession.clockText(ConfigDefaults.session.closeMinute)),
                            "Local time it closes; after `open` on the same date (no overnight sessions)."),
                ]), .optional(defaultValue: "the defaults above"),
                "The exchange's regular session. Its trading day (the local date) starts the day's equity "
                    + "and ends a daily-loss halt; its hours key the VWAP volume profile, and no sliced order works past its close."),
            KeySpec("alerts", .object(alertsKeys), .optional(defaultValue: "no sink: the journal and the log only"),
                    "Where the alerts parts of a run raise (see the README's Alerts) reach a person, besides the "
                        + "journal and `runner.log` beside it. Names at least one sink."),
        ]
    }

    static var alertsKeys: [KeySpec] {
        let defaults = ConfigDefaults.alerts
        return [
            KeySpec("webhook_url_env", .environmentVariable, .optional(defaultValue: "none"),
                    "The environment variable holding an incoming-webhook URL (Slack, Mattermost, Discord's `/slack`); "
                        + "each alert is POSTed to it as JSON. Unset when the run starts: an error in a live "
                        + "environment (the live guard refuses it), a warning in a paper one, which runs without it."),
            KeySpec("command", .list(.string), .optional(defaultValue: "none"),
                    "A paging program and its arguments, run without a shell for each alert, with the alert as JSON "
                        + "on standard input and in `RUNNER_ALERT_*` variables; a path with `/` is from the config root, "
                        + "a bare name is looked up in `PATH`."),
            KeySpec("min_severity", .choice(OperatorAlert.Severity.allCases.map(\.rawValue)),
                    .optional(defaultValue: defaults.minimumSeverity.rawValue),
                    "Alerts below it reach the journal and the log only, not the sinks."),
            KeySpec("timeout", .duration, .optional(defaultValue: defaults.timeout.configText),
                    "How long one delivery may take (\(ConfigDefaults.alertTimeout.lowerBound.configText) to "
                        + "\(ConfigDefaults.alertTimeout.upperBound.configText)); a command still running then is killed."),
            KeySpec("attempts",
                    .integer(minimum: ConfigDefaults.alertAttempts.lowerBound, maximum: ConfigDefaults.alertAttempts.upperBound),
                    .optional(defaultValue: "\(defaults.attempts)"),
                    "Deliveries tried per alert and sink, 1 s apart and doubling (at most 1 min), before it is given up."),
        ]
    }

    static func routingKeys(catalog: PluginCatalog) -> [KeySpec] {
        [
            KeySpec("slice_above", .pattern("slice-threshold", example: "5% of 1m volume"),
                    .optional(defaultValue: ConfigDefaults.routing.sliceAbove.description), "Orders larger than this share of volume are sliced."),
            KeySpec("algorithm", .choice(catalog.executionAlgorithms.keys.sorted()), .optional(defaultValue: ConfigDefaults.routing.algorithm.value),
                    "Execution algorithm for sliced orders."),
            KeySpec("horizon", .duration, .optional(defaultValue: ConfigDefaults.routing.horizon.configText), "Time over which a sliced order is worked; at most \(ConfigDefaults.longestHorizon.configText) (no order works past the close)."),
            KeySpec("child_interval", .duration, .optional(defaultValue: ConfigDefaults.routing.childInterval.configText), "Time between child orders; at least \(ConfigDefaults.shortestChildInterval.configText), so a parent has at most a day of one-second children."),
            KeySpec("participation", .ratio(maximumPercent: 100, allowsZero: false), .optional(defaultValue: ConfigDefaults.routing.participation.description),
                    "Cap on each VWAP child as a share of the interval's volume."),
            KeySpec("vwap_sessions", .integer(minimum: ConfigDefaults.vwapSessions.lowerBound, maximum: ConfigDefaults.vwapSessions.upperBound), .optional(defaultValue: "\(ConfigDefaults.routing.vwapSessions)"),
                    "Past sessions (1 to \(ConfigDefaults.maximumVWAPSessions)) whose volume at each minute of the session "
                        + "VWAP follows; until one session is complete, a VWAP order runs as TWAP and says so."),
            KeySpec("default_venue", .identifier, .optional(defaultValue: ConfigDefaults.routing.defaultVenue),
                    "Venue for orders no venue rule matches."),
            KeySpec(
                "venues",
                .list(.object([
                    KeySpec("venue", .identifier, .required, "Venue orders matching this rule go to."),
                    KeySpec("symbols", .list(.symbol), .optional(defaultValue: "any"), "Symbols the rule matches."),
                    KeySpec("asset_class", .identifier, .optional(defaultValue: "any"), "Asset class the rule matches."),
                    KeySpec("min_notional", .money(allowsZero: true), .optional(defaultValue: "none"),
                            "Smallest order notional the rule matches."),
                ])), .optional(defaultValue: "[]"), "Venue rules; the first that matches wins."),
        ]
    }

    /// The union of several adapters' settings for the schema's view of `broker:`. Each is optional
    /// there, since it is required only by its own adapter (the loader checks that, per adapter).
    static func mergedSettings(_ lists: [[KeySpec]]) -> [KeySpec] {
        var seen = Set<String>()
        var merged: [KeySpec] = []
        for var spec in lists.joined() where seen.insert(spec.name).inserted {
            if spec.isRequired { spec.requirement = .optional(defaultValue: "required by its adapter") }
            merged.append(spec)
        }
        return merged
    }
}

/// The documented keys of every config file kind.
public enum ConfigSchema {
    /// The keys of one file kind.
    public static func keys(of kind: ConfigFileKind, catalog: PluginCatalog) -> [KeySpec] {
        switch kind {
        case .strategy: strategy(catalog: catalog)
        case .limits: limits
        case .environment: environment(catalog: catalog)
        }
    }
}
