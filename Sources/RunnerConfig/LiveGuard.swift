import RunnerCore
import RunnerDiagnostics

/// Decides whether an environment may start. The first thing `runner run` and `runner preflight` do.
///
/// The environment comes from `RUNNER_ENV` (default `paper`). A `mode: live` environment starts only
/// when all of these agree: `RUNNER_ENV` names it exactly, its limits file says `environment:` with
/// that same name, the limits `account:` is the environment's broker account, the broker adapter
/// trades real money, and the credential variables it names are set (the alert webhook's too). A `--env` flag may choose a
/// paper environment but never, by itself, a live one. Every disagreement is listed at once.
public struct LiveGuard: Sendable {
    /// The variable that chooses the environment.
    public static let environmentVariable = "RUNNER_ENV"
    /// The environment used when `RUNNER_ENV` is unset.
    public static let defaultEnvironment = "paper"

    public var configuration: Configuration
    public var catalog: PluginCatalog

    /// The environment a command acts on: `--env` when given, else `RUNNER_ENV`, else `paper`.
    /// (Selecting is not permission: ``evaluate(processEnvironment:requestedEnvironment:)`` decides that.)
    public static func selectedEnvironment(processEnvironment: [String: String], requested: String? = nil) -> String {
        requested ?? explicitEnvironment(processEnvironment) ?? defaultEnvironment
    }

    /// `RUNNER_ENV` when it is set and not empty.
    public static func explicitEnvironment(_ processEnvironment: [String: String]) -> String? {
        processEnvironment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    public init(configuration: Configuration, catalog: PluginCatalog) {
        self.configuration = configuration
        self.catalog = catalog
    }

    /// - Parameters:
    ///   - processEnvironment: the process's environment variables (`RUNNER_ENV`, credentials).
    ///   - requestedEnvironment: a `--env` flag's value, if given.
    public func evaluate(processEnvironment: [String: String], requestedEnvironment: String? = nil) -> LiveGuardDecision {
        let runnerEnv = Self.explicitEnvironment(processEnvironment)
        let name = Self.selectedEnvironment(processEnvironment: processEnvironment, requested: requestedEnvironment)
        let errors = configuration.diagnostics.filter { $0.severity == .error }.count
        guard let environment = configuration.environments[name] else {
            let present = configuration.presentFiles.contains { $0 == "environments/\(name).yaml" || $0 == "environments/\(name).yml" }
            let mismatches = present ? [] : ["there is no environment '\(name)' (environments/\(name).yaml)"]
            return .refused(LiveGuardRefusal(environment: name, mode: nil, mismatches: mismatches,
                                             configurationErrors: max(errors, present ? 1 : 0)))
        }
        var mismatches: [String] = []
        let realMoney = catalog.brokerAdapters[environment.broker.adapter.value]?.tradesRealMoney ?? false
        switch environment.mode.value {
        case .live:
            if runnerEnv != name {
                let actual = runnerEnv.map { "'\($0)'" } ?? "unset (so '\(Self.defaultEnvironment)')"
                let how = requestedEnvironment == nil ? "" : "; --env alone never selects a live environment"
                mismatches.append("\(Self.environmentVariable) is \(actual), not '\(name)'\(how)")
            }
            if !realMoney {
                mismatches.append("broker adapter '\(environment.broker.adapter.value)' does not trade real money")
            }
            for variable in environment.broker.credentialVariables
            where (processEnvironment[variable.value] ?? "").isEmpty {
                mismatches.append("credential variable \(variable.value) (named in \(environment.file)) is not set")
            }
            // Live alerts must reach a person: a webhook the file names but the process lacks is a refusal.
            if let variable = environment.alerts.webhookURLVariable, (processEnvironment[variable.value] ?? "").isEmpty {
                mismatches.append("alert webhook variable \(variable.value) (named in \(environment.file)) is not set")
            }
        case .paper:
            if realMoney {
                mismatches.append("broker adapter '\(environment.broker.adapter.value)' trades real money, "
                    + "but the environment says 'mode: paper'")
            }
        }
        if let limits = configuration.limits(for: environment) {
            mismatches += LimitsAgreement.mismatches(environment: environment, limits: limits).map(\.value)
        }
        guard mismatches.isEmpty && errors == 0 else {
            return .refused(LiveGuardRefusal(environment: name, mode: environment.mode.value, mismatches: mismatches,
                                             configurationErrors: errors))
        }
        return .allowed(environment)
    }
}

/// The guard's answer.
public enum LiveGuardDecision: Sendable {
    case allowed(EnvironmentConfig)
    case refused(LiveGuardRefusal)
}

/// Why an environment may not start: every disagreement in one message, and how many configuration
/// errors stand in the way besides.
public struct LiveGuardRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var environment: String
    public var mode: TradingMode?
    /// Things that disagree: `RUNNER_ENV`, the limits file's environment or account, the adapter, credentials.
    public var mismatches: [String]
    /// Errors found by validation (each printed as a diagnostic of its own).
    public var configurationErrors: Int

    public init(environment: String, mode: TradingMode?, mismatches: [String], configurationErrors: Int) {
        self.environment = environment
        self.mode = mode
        self.mismatches = mismatches
        self.configurationErrors = configurationErrors
    }

    /// True when something disagrees, as opposed to the configuration merely having errors.
    public var isDisagreement: Bool { !mismatches.isEmpty }

    /// True when the guard refused over a disagreement an environment that is not a paper one (a live
    /// environment, or a `RUNNER_ENV` naming none): what exit status 3 means. A paper environment that
    /// disagrees with its files has configuration errors, not a live guard refusal.
    public var refusesLiveTrading: Bool { isDisagreement && mode != .paper }

    public var description: String {
        let what = mode.map { "environment '\(environment)' (mode: \($0.rawValue))" } ?? "environment '\(environment)'"
        var lines = mismatches
        if configurationErrors > 0 {
            lines.append("the configuration has \(configurationErrors) error\(configurationErrors == 1 ? "" : "s"); "
                + "run `runner validate` to see them")
        }
        return "refusing to start \(what):\n" + lines.map { "  - \($0)\n" }.joined()
    }
}
