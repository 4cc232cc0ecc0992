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
        for environment in configuration.environments.values.sorted(by: { $0.name < $1.name }) {
            check(environment)
        }
    }

    private mutating func check(_ environment: EnvironmentConfig) {
        let limitsPath = environment.limitsFile
        let limits = configuration.limits[limitsPath.value]
        if limits == nil && !configuration.presentFiles.contains(limitsPath.value) {
            let known = configuration.presentFiles.filter { $0.hasPrefix("limits/") }
            diagnostics.error(
                at: limitsPath.location, code: "missing-file",
                "the limits file '\(limitsPath.value)' does not exist\(Suggestion.didYouMean(limitsPath.value, in: known))")
        }
        if let limits {
            for mismatch in LimitsAgreement.mismatches(environment: environment, limits: limits) {
                diagnostics.error(at: mismatch.location, code: "limits-mismatch", mismatch.value)
            }
            if let equity = environment.account.startingEquity,
                equity.value.currency != limits.order.maxNotional.value.currency
            {
                diagnostics.error(
                    at: equity.location, code: "currency-mismatch",
                    "the account is in \(equity.value.currency) but '\(limitsPath.value)' sets order limits in "
                        + "\(limits.order.maxNotional.value.currency)")
            }
        }
        var seen: [String: SourceLocation] = [:]
        for name in environment.strategies {
            if let first = seen[name.value] {
                diagnostics.error(at: name.location, code: "duplicate-strategy",
                                  "strategy '\(name.value)' is listed twice (first at line \(first.line), column \(first.column))")
                continue
            }
            seen[name.value] = name.location
            guard let strategy = configuration.strategies[name.value] else {
                let present = configuration.presentFiles.contains { $0.hasPrefix("strategies/\(name.value).y") }
                if !present {
                    let known = configuration.presentFiles.filter { $0.hasPrefix("strategies/") }
                        .map { ConfigFileSource(kind: .strategy, relativePath: $0, bytes: []).baseName }
                    diagnostics.error(
                        at: name.location, code: "missing-strategy",
                        "environment '\(environment.name)' runs strategy '\(name.value)', but there is no "
                            + "strategies/\(name.value).yaml\(Suggestion.didYouMean(name.value, in: known))")
                }
                continue
            }
            if let limits { check(strategy, against: limits, in: environment) }
        }
    }

    private mutating func check(_ strategy: StrategyConfig, against limits: LimitsConfig, in environment: EnvironmentConfig) {
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
