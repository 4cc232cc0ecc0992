import RunnerDiagnostics
import RunnerExpressions
import RunnerYAML

/// The fixed bounds on what a config file, an expression or a report may make the runner hold or do,
/// each with the reason it exists: the "Resource limits" section of `docs/CONFIG.md`.
extension ConfigSchema {
    /// One bound: what it limits, its value, and why.
    struct ResourceLimit {
        var name: String
        var value: String
        var reason: String
    }

    static var resourceLimits: [ResourceLimit] {
        [
            ResourceLimit(
                name: "config file size", value: "\(ConfigDefaults.maximumConfigFileBytes.grouped) bytes",
                reason: "a file is read whole and held with its node tree while it is checked"),
            ResourceLimit(
                name: "YAML nesting", value: "\(YAMLParser.maximumDepth) levels",
                reason: "loaders walk nested values; deeper nesting serves only to exhaust the stack"),
            ResourceLimit(
                name: "YAML alias expansion", value: "\(YAMLParser.defaultAliasExpansionLimit.grouped) nodes per file",
                reason: "a few lines of anchors and aliases can otherwise expand to billions of nodes"),
            ResourceLimit(
                name: "symbols in a `universe`", value: ConfigDefaults.maximumUniverse.grouped,
                reason: "each symbol holds its own indicator and market state during a run"),
            ResourceLimit(
                name: "an expression's period or look-back", value: "\(FunctionSignature.maximumWindow.grouped) bars",
                reason: "TA-Lib's own limit; windows grow with the bars a symbol has seen, up to this"),
            ResourceLimit(
                name: "expression nesting", value: "\(ExpressionParser.maximumDepth) levels",
                reason: "parsing and evaluation descend the tree"),
            ResourceLimit(
                name: "`correlation_lookback`",
                value: "\(ConfigDefaults.correlationLookback.lowerBound) to \(ConfigDefaults.correlationLookback.upperBound.grouped) bars",
                reason: "each symbol keeps this many returns; the buffer grows with the bars seen"),
            ResourceLimit(
                name: "`order.max_per_minute`",
                value: "\(ConfigDefaults.ordersPerMinute.lowerBound) to \(ConfigDefaults.ordersPerMinute.upperBound.grouped)",
                reason: "the token bucket counts in 1/60,000 of an order in 64-bit integers"),
            ResourceLimit(
                name: "an amount of money", value: "\(ConfigDefaults.maximumMoneyText) in the account's currency",
                reason: "an amount times a price or a quantity stays exact, and share counts fit 64 bits"),
            ResourceLimit(
                name: "diagnostics printed per file", value: "\(DiagnosticRenderer.maximumPerFile)",
                reason: "past that a note counts the rest; the summary line still counts every error"),
            ResourceLimit(
                name: "source line quoted under a diagnostic", value: "\(DiagnosticRenderer.widestQuotedLine) characters",
                reason: "a long line (a universe on one line) is shown around the caret, not whole for each error"),
            ResourceLimit(
                name: "names in a reported indicator cycle", value: "\(NamedExpressionChecker.longestPathShown)",
                reason: "a longer cycle shows its start and end; each cycle is reported once"),
        ]
    }

    /// The Markdown section listing ``resourceLimits``.
    static func resourceLimitsSection() -> [String] {
        [
            "", "## Resource limits", "",
            "Fixed bounds, enforced when a file loads or a report is printed, so that no input can make the runner",
            "crash, hang or exhaust memory. A value past a bound is an error naming the file, line and key.", "",
            "| limit | value | why |", "| --- | --- | --- |",
        ] + resourceLimits.map { "| \($0.name) | \($0.value) | \($0.reason) |" }
    }
}
