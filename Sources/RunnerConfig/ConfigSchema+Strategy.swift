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
                "indicators", .dictionary(keyName: "name", value: .numberExpression), .optional(defaultValue: "none"),
                "Named indicators as expressions (`fast: ema(close, 12)`); they may use each other, without cycles."),
            KeySpec(
                "rules",
                .object([
                    KeySpec("long", .booleanExpression, .optional(defaultValue: "never"), "When to hold a long position."),
                    KeySpec("short", .booleanExpression, .optional(defaultValue: "never"), "When to hold a short position."),
                    KeySpec("flat", .booleanExpression, .optional(defaultValue: "never"),
                            "When to be flat; wins over `long` and `short`."),
                ]), .required, "Entry rules; at least one of `long` and `short`."),
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
}
