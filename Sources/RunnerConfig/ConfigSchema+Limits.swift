extension ConfigSchema {
    /// Keys of `limits/<name>.yaml`. Every risk number the gate uses comes from here.
    public static let limits: [KeySpec] = [
        KeySpec("environment", .identifier, .required, "The one environment this file is approved for."),
        KeySpec("account", .string, .required, "The broker account these limits govern; must match the environment's."),
        KeySpec("position_risk", .ratio(maximumPercent: 100, allowsZero: false), .required,
                "Largest risk of one position (quantity x stop distance) as a share of equity."),
        KeySpec("gross_exposure", .ratio(maximumPercent: 1000, allowsZero: false), .required,
                "Cap on gross exposure as a share of equity; above 100% it is a leverage cap."),
        KeySpec("sector_net_exposure", .dictionary(keyName: "sector", value: .ratio(maximumPercent: 1000, allowsZero: true)), .required,
                "Net exposure cap per sector (0% keeps a sector market-neutral); `default` applies to sectors not listed."),
        KeySpec("sectors", .dictionary(keyName: "symbol", value: .identifier), .required,
                "Sector of each symbol; every traded symbol needs one."),
        KeySpec("daily_loss_halt", .ratio(maximumPercent: 100, allowsZero: false), .required,
                "Drawdown from start-of-day equity that halts new risk."),
        KeySpec("correlation_budget", .ratio(maximumPercent: 100, allowsZero: false), .required,
                "Largest combined risk of open positions, correlations included."),
        KeySpec("correlation_lookback", .integer(minimum: ConfigDefaults.correlationLookback.lowerBound,
                                                 maximum: ConfigDefaults.correlationLookback.upperBound), .required,
                "Bars of returns used for correlations; each symbol keeps up to this many returns in memory."),
        KeySpec(
            "order",
            .object([
                KeySpec("max_notional", .money(allowsZero: false), .required, "Largest notional of one order."),
                KeySpec("max_per_minute", .integer(minimum: ConfigDefaults.ordersPerMinute.lowerBound,
                                                    maximum: ConfigDefaults.ordersPerMinute.upperBound), .required,
                        "Orders allowed per minute."),
                KeySpec("price_band", .ratio(maximumPercent: 100, allowsZero: false), .optional(defaultValue: ConfigDefaults.priceBand.description),
                        "Largest distance of an order's price from the last price."),
            ]), .required, "Order-level limits."),
        KeySpec("restricted", .list(.symbol), .optional(defaultValue: "[]"), "Symbols that may never be traded."),
        KeySpec("default_stop", .ratio(maximumPercent: 100, allowsZero: false), .optional(defaultValue: ConfigDefaults.defaultStop.description),
                "Stop distance, as a share of price, for position risk when a strategy's target carries none."),
    ]
}
