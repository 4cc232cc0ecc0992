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
                    KeySpec("rebalance_band", .ratio(maximumPercent: 100, allowsZero: false),
                            .optional(defaultValue: "none: every change of target is decided"),
                            "Hold a target on the same side while the strategy's current size is within this "
                                + "share of it (`10%`: 95 shares stay while the target is 100), below 100%. A target "
                                + "to flat or to the other side always goes on. Not with `fixed_quantity`."),
                    KeySpec("min_order", .either(.pattern("shares", example: "20 shares"), .money(allowsZero: false)),
                            .optional(defaultValue: "none: any change is worth an order"),
                            "The smallest change worth an order: whole shares (`20 shares`, 1 to "
                                + "\(ConfigDefaults.quantity.upperBound.grouped)) or cash at the target's price in "
                                + "the account's currency (`5000 USD`). An entry from flat below it is held too; an "
                                + "exit or a reversal always goes on. Not with `fixed_quantity`."),
                ]), .required, "How target sizes are computed."),
        ]
    }
}
