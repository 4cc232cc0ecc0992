import RunnerCore
import RunnerDiagnostics

/// Checks that need more than one file: references between environments, limits and strategies.
struct CrossFileChecks {
    let configuration: Configuration
    let catalog: PluginCatalog
    var diagnostics = DiagnosticCollector()

    init(configuration: Configuration, catalog: PluginCatalog) {
        self.configuration = configuration
        self.catalog = catalog
    }

    mutating func run() {
        // Every environment file that is a mapping, even one with errors in other keys: those errors do
        // not make its references any less wrong.
        for environment in configuration.environmentReferences.values.sorted(by: { $0.name < $1.name }) {
            check(environment)
        }
    }

    private mutating func check(_ environment: EnvironmentReferences) {
        let limits = environment.limitsFile.flatMap { configuration.limits[$0.value] }
        if let limitsPath = environment.limitsFile { check(environment, limitsPath: limitsPath, limits: limits) }
        var seen: [String: SourceLocation] = [:]
        for use in environment.uses {
            let name = use.name
            if let first = seen[name.value] {
                diagnostics.error(at: name.location, code: "duplicate-strategy",
                                  "strategy '\(name.value)' is listed twice (first at line \(first.line), column \(first.column))")
                continue
            }
            seen[name.value] = name.location
            let file = use.file
            guard let strategy = configuration.strategy(use, in: environment.name) else {
                let present = configuration.presentFiles.contains { $0.hasPrefix("strategies/\(file.value).y") }
                if !present {
                    let known = configuration.presentFiles.filter { $0.hasPrefix("strategies/") }
                        .map { ConfigFileSource(kind: .strategy, relativePath: $0, bytes: []).baseName }
                    diagnostics.error(
                        at: file.location, code: "missing-strategy",
                        "environment '\(environment.name)' runs strategy '\(file.value)', but there is no "
                            + "strategies/\(file.value).yaml\(Suggestion.didYouMean(file.value, in: known))")
                }
                continue
            }
            if let limits { check(strategy, against: limits, in: environment) }
        }
    }

    /// The limits file exists, is approved for this environment and account, and counts in its currency.
    private mutating func check(_ environment: EnvironmentReferences, limitsPath: Located<String>, limits: LimitsConfig?) {
        if limits == nil && !configuration.presentFiles.contains(limitsPath.value) {
            let known = configuration.presentFiles.filter { $0.hasPrefix("limits/") }
            diagnostics.error(
                at: limitsPath.location, code: "missing-file",
                "the limits file '\(limitsPath.value)' does not exist\(Suggestion.didYouMean(limitsPath.value, in: known))")
        }
        guard let limits else { return }
        for mismatch in LimitsAgreement.mismatches(references: environment, limits: limits) {
            diagnostics.error(at: mismatch.location, code: "limits-mismatch", mismatch.value)
        }
        if let equity = environment.account?.startingEquity,
            equity.value.currency != limits.order.maxNotional.value.currency
        {
            diagnostics.error(
                at: equity.location, code: "currency-mismatch",
                "the account is in \(equity.value.currency) but '\(limitsPath.value)' sets order limits in "
                    + "\(limits.order.maxNotional.value.currency)")
        }
    }

    private mutating func check(
        _ strategy: StrategyConfig, against limits: LimitsConfig, in environment: EnvironmentReferences
    ) {
        let currency = environment.account?.startingEquity?.value.currency ?? limits.order.maxNotional.value.currency
        if let notional = strategy.sizing.notional, notional.currency != currency {
            diagnostics.error(
                at: strategy.sizing.notionalLocation ?? strategy.name.location, code: "currency-mismatch",
                "'sizing.notional' is in \(notional.currency), but environment '\(environment.name)' runs this "
                    + "strategy with an account in \(currency); sizes are not converted between currencies")
        }
        let restricted = Set(limits.restricted.map(\.value))
        for symbol in strategy.universe {
            if limits.sectors[symbol.value] == nil {
                diagnostics.error(
                    at: symbol.location, code: "missing-sector",
                    "symbol '\(symbol.value)' has no sector in '\(limits.file)', which environment "
                        + "'\(environment.name)' runs this strategy under; add it to 'sectors'")
            }
            if restricted.contains(symbol.value) {
                diagnostics.warning(
                    at: symbol.location, code: "restricted-symbol",
                    "symbol '\(symbol.value)' is restricted in '\(limits.file)'; the risk gate will deny every "
                        + "order for it in environment '\(environment.name)'")
            }
        }
    }
}
