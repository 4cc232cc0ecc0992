extension ConfigSchema {
    /// Keys of `strategies/<name>.yaml`.
    public static func strategy(catalog: PluginCatalog) -> [KeySpec] {
        let sizingModels = catalog.sizingModels.keys.sorted()
        return [
            KeySpec("strategy", .identifier, .required, "The strategy's name; must equal the file name without `.yaml`."),
            KeySpec("universe", .list(.symbol), .required, "Symbols the strategy trades; 1 to \(ConfigDefaults.maximumUniverse.grouped), no repeats."),
            KeySpec("timeframe", .duration, .required, "Bar length and decision interval, such as `1m` or `1h`."),
            KeySpec("description", .string, .optional(defaultValue: "none"), "Free text for people."),
            KeySpec(
                "params", .dictionary(keyName: "name", value: .either(.number, .object(parameterKeys))),
                .optional(defaultValue: "none"),
                "Named numbers the expressions read by name (`sma(close, fast)`): a default (`fast: 10`) or "
                    + "`{default: 10, min: 2, max: 50}`. A whole-number default makes a whole-number parameter, usable "
                    + "as a period. An environment may run the strategy with other values (`strategies:` in an environment)."),
            KeySpec(
                "indicators", .dictionary(keyName: "name", value: .numberExpression), .optional(defaultValue: "none"),
                "Named indicators as expressions (`fast: ema(close, 12)`); they may use each other, without cycles."),
            KeySpec(
                "rules",
                .object([
                    KeySpec("long", .booleanExpression, .optional(defaultValue: "never"),
                            "Stateless form: when to be long (flat when neither `long` nor `short` holds)."),
                    KeySpec("short", .booleanExpression, .optional(defaultValue: "never"), "Stateless form: when to be short."),
                    KeySpec("flat", .booleanExpression, .optional(defaultValue: "never"),
                            "Stateless form: when to be flat; wins over `long` and `short`."),
                    KeySpec("enter_long", .booleanExpression, .optional(defaultValue: "never"),
                            "Held form: when flat, go long; the position is then held until it closes. While short, "
                                + "close and go long (a reversal)."),
                    KeySpec("exit_long", .booleanExpression, .optional(defaultValue: "never"),
                            "Held form: when long, close the position."),
                    KeySpec("enter_short", .booleanExpression, .optional(defaultValue: "never"),
                            "Held form: when flat, go short; while long, close and go short."),
                    KeySpec("exit_short", .booleanExpression, .optional(defaultValue: "never"),
                            "Held form: when short, close the position."),
                ]), .required,
                "When to trade, in one of two forms: `long`/`short`/`flat` (what to be at each tick) or "
                    + "`enter_long`/`exit_long`/`enter_short`/`exit_short` (enter, hold, exit); a file uses one form. "
                    + "Expressions may read the strategy's own position: `position` (signed shares), "
                    + "`bars_in_position` and `entry_price`."),
            KeySpec(
                "exits",
                .object([
                    KeySpec("stop_loss", .either(.ratio(maximumPercent: 100, allowsZero: false), .numberExpression),
                            .optional(defaultValue: "none"),
                            "Close when a bar trades this far against the entry price: `2%` of it, or a price distance "
                                + "(`2 * atr(14)`) measured at the entry decision."),
                    KeySpec("take_profit", .either(.ratio(maximumPercent: 100, allowsZero: false), .numberExpression),
                            .optional(defaultValue: "none"),
                            "Close when a bar trades this far in favour of the entry price (`3%` or a price distance)."),
                    KeySpec("trailing_stop", .either(.ratio(maximumPercent: 100, allowsZero: false), .numberExpression),
                            .optional(defaultValue: "none"),
                            "Close when a bar trades this far back from the best price since the entry (`1.5 * atr(14)`, "
                                + "measured at the entry decision, or a percentage of the entry price)."),
                    KeySpec("max_bars", .either(.integer(minimum: 1, maximum: ConfigDefaults.maximumHoldBars), .identifier),
                            .optional(defaultValue: "none"),
                            "Close after this many bars of the strategy's timeframe (a number or a whole-number parameter)."),
                ]), .optional(defaultValue: "none"),
                "Protective exits of the held form, checked on every bar as it arrives (not only at decision ticks) "
                    + "and journaled with the exit that fired. An exit only reduces, so the gate lets it through while "
                    + "trading is halted for new risk."),
            KeySpec("confidence", .numberExpression, .optional(defaultValue: "1"),
                    "Confidence of each target, an expression whose value is clamped to [0, 1]."),
            KeySpec(
                "sizing",
                .object([
                    KeySpec("model", .choice(sizingModels), .required, "The sizing model."),
                    KeySpec("quantity", .integer(minimum: ConfigDefaults.quantity.lowerBound, maximum: ConfigDefaults.quantity.upperBound), .optional(defaultValue: "none"),
                            "Shares per position (`fixed_quantity`)."),
                    KeySpec("notional", .money(allowsZero: false), .optional(defaultValue: "none"),
                            "Cash per position (`fixed_notional`), in the account's currency."),
                    KeySpec("risk_per_position", .ratio(maximumPercent: 100, allowsZero: false), .optional(defaultValue: "none"),
                            "Equity risked per position at the stop (`volatility_target`)."),
                    KeySpec("stop", .numberExpression, .optional(defaultValue: "none"),
                            "Stop distance in price units, an expression (`volatility_target`)."),
                ]), .required, "How target sizes are computed."),
        ]
    }

    /// Keys of one parameter under `params:` in its long form.
    static let parameterKeys: [KeySpec] = [
        KeySpec("default", .number, .required,
                "The value unless an environment gives another; a whole number makes a whole-number parameter."),
        KeySpec("min", .number, .optional(defaultValue: "none"), "The smallest value allowed."),
        KeySpec("max", .number, .optional(defaultValue: "none"), "The largest value allowed."),
    ]
}
