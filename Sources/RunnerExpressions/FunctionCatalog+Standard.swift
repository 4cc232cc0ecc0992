extension FunctionCatalog {
    private typealias Parameter = FunctionSignature.Parameter

    private static let series = Parameter("series", .series)
    private static let period = Parameter("period", .integerConstant(minimum: 1))

    private static func period(default value: Double) -> Parameter {
        Parameter("period", .integerConstant(minimum: 1), defaultValue: value)
    }

    /// A period TA-Lib requires to be at least 2 (a window of one has no spread or change).
    private static let period2 = Parameter("period", .integerConstant(minimum: 2))

    private static func period2(default value: Double) -> Parameter {
        Parameter("period", .integerConstant(minimum: 2), defaultValue: value)
    }

    private static func function(_ name: String, _ parameters: [String], _ result: ValueType, _ summary: String)
        -> FunctionSignature
    {
        FunctionSignature(
            name: name, parameters: parameters.map { Parameter($0, .series) }, result: result, summary: summary,
            isIndicator: false)
    }

    private static func indicator(
        _ name: String, _ parameters: [Parameter], _ summary: String, result: ValueType = .number
    ) -> FunctionSignature {
        FunctionSignature(name: name, parameters: parameters, result: result, summary: summary, isIndicator: true)
    }

    /// The pure functions: no state, the value depends on the current bar's arguments only (the crossings
    /// compare with the previous bar's arguments).
    static let builtinSignatures: [FunctionSignature] = [
        function("abs", ["x"], .number, "The absolute value of x."),
        function("min", ["a", "b"], .number, "The smaller of a and b."),
        function("max", ["a", "b"], .number, "The larger of a and b."),
        function("clamp", ["x", "low", "high"], .number, "x limited to the range from low to high."),
        function("sign", ["x"], .number, "-1, 0 or 1 as x is negative, zero or positive."),
        function("log", ["x"], .number, "The natural logarithm of x."),
        function("sqrt", ["x"], .number, "The square root of x."),
        function(
            "crosses_above", ["a", "b"], .boolean, "True on the bar where a moves from at or below b to above b."),
        function(
            "crosses_below", ["a", "b"], .boolean, "True on the bar where a moves from at or above b to below b."),
    ]

    /// The stateful indicators; they keep history between bars and need a warm-up period.
    static let standardIndicatorSignatures: [FunctionSignature] = [
        indicator("sma", [series, period], "Simple moving average of the series over period bars."),
        indicator("ema", [series, period], "Exponential moving average of the series with the given period."),
        indicator("wma", [series, period], "Linearly weighted moving average of the series over period bars."),
        indicator("dema", [series, period], "Double exponential moving average of the series."),
        indicator("tema", [series, period], "Triple exponential moving average of the series."),
        indicator("rsi", [series, period2(default: 14)], "Relative strength index (0 to 100) of the series."),
        indicator(
            "macd",
            [
                series,
                Parameter("fast_period", .integerConstant(minimum: 2), defaultValue: 12),
                Parameter("slow_period", .integerConstant(minimum: 2), defaultValue: 26),
                Parameter("signal_period", .integerConstant(minimum: 1), defaultValue: 9),
            ],
            "Moving average convergence/divergence: the macd line, its signal line and their difference.",
            result: .record(fields: ["macd", "signal", "hist"])),
        indicator(
            "bbands",
            [series, period2(default: 20), Parameter("deviations", .numberConstant, defaultValue: 2)],
            "Bollinger bands: the moving average and the bands the given standard deviations away.",
            result: .record(fields: ["upper", "middle", "lower"])),
        indicator("stddev", [series, period2], "Standard deviation of the series over period bars."),
        indicator("atr", [period(default: 14)], "Average true range of the bar's high, low and close."),
        indicator("trange", [], "True range of the current bar (uses the previous close)."),
        indicator("roc", [series, period(default: 10)], "Rate of change of the series over period bars, in percent."),
        indicator("mom", [series, period(default: 10)], "Momentum: the series minus its value period bars ago."),
        indicator("cci", [period2(default: 14)], "Commodity channel index of the bar's typical price."),
        indicator(
            "stoch",
            [
                Parameter("k_period", .integerConstant(minimum: 1), defaultValue: 14),
                Parameter("k_smooth", .integerConstant(minimum: 1), defaultValue: 3),
                Parameter("d_period", .integerConstant(minimum: 1), defaultValue: 3),
            ],
            "Stochastic oscillator: the smoothed %K line and its %D average.",
            result: .record(fields: ["k", "d"])),
        indicator("willr", [period2(default: 14)], "Williams %R (-100 to 0) of the bar's close within its range."),
        indicator("adx", [period2(default: 14)], "Average directional index: trend strength from 0 to 100."),
        indicator("obv", [], "On-balance volume: volume added on up closes, subtracted on down closes."),
        indicator("mfi", [period2(default: 14)], "Money flow index (0 to 100) from price and volume."),
        indicator("highest", [series, period2], "The highest value of the series over period bars."),
        indicator("lowest", [series, period2], "The lowest value of the series over period bars."),
        indicator("vwap", [], "Volume-weighted average price since the start of the UTC day."),
        indicator("zscore", [series, period], "How many standard deviations the series is from its period mean."),
        indicator(
            "correlation",
            [Parameter("first", .series), Parameter("second", .series), period],
            "Pearson correlation of two series over period bars."),
    ]
}
