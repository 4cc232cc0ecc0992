import RunnerCore
import RunnerDiagnostics

/// Decides whether an environment may start. The first thing `runner run` and `runner preflight` do.
///
/// The environment comes from `RUNNER_ENV` (default `paper`). A `mode: live` environment starts only
/// when all of these agree: `RUNNER_ENV` names it exactly, its limits file says `environment:` with
/// that same name, the limits `account:` is the environment's broker account, the broker adapter
/// trades real money, and the credential variables it names are set. A `--env` flag may choose a
/// paper environment but never, by itself, a live one. Every disagreement is listed at once.
public struct LiveGuard: Sendable {
    /// The variable that chooses the environment.
    public static let environmentVariable = "RUNNER_ENV"
    /// The environment used when `RUNNER_ENV` is unset.
    public static let defaultEnvironment = "paper"

    public var configuration: Configuration
    public var catalog: PluginCatalog

    public init(configuration: Configuration, catalog: PluginCatalog) {
        self.configuration = configuration
        self.catalog = catalog
    }

    /// - Parameters:
    ///   - processEnvironment: the process's environment variables (`RUNNER_ENV`, credentials).
    ///   - requestedEnvironment: a `--env` flag's value, if given.
    public func evaluate(processEnvironment: [String: String], requestedEnvironment: String? = nil) -> LiveGuardDecision {
        let runnerEnv = processEnvironment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let name = requestedEnvironment ?? runnerEnv ?? Self.defaultEnvironment
        guard let environment = configuration.environments[name] else {
            let reason = configuration.presentFiles.contains("environments/\(name).yaml")
                ? "environment '\(name)' has configuration errors; run `runner validate --env \(name)`"
                : "there is no environment '\(name)' (environments/\(name).yaml)"
            return .refused(LiveGuardRefusal(environment: name, mode: nil, mismatches: [reason]))
        }
        var mismatches: [String] = []
        let errors = configuration.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            mismatches.append("the configuration has \(errors.count) error(s); run `runner validate` to see them")
        }
        let limits = configuration.limits(for: environment)
        if environment.mode.value == .live {
            if runnerEnv != name {
                let actual = runnerEnv.map { "'\($0)'" } ?? "unset (so '\(Self.defaultEnvironment)')"
                let how = requestedEnvironment == nil ? "" : "; --env alone never selects a live environment"
                mismatches.append("\(Self.environmentVariable) is \(actual), not '\(name)'\(how)")
            }
            if let adapter = catalog.brokerAdapters[environment.broker.adapter.value], !adapter.tradesRealMoney {
                mismatches.append("broker adapter '\(adapter.name)' does not trade real money")
            }
            for variable in environment.broker.credentialVariables
            where (processEnvironment[variable.value] ?? "").isEmpty {
                mismatches.append("credential variable \(variable.value) (named in \(environment.file)) is not set")
            }
        }
        if let limits {
            if limits.environment.value != name {
                mismatches.append(
                    "\(limits.file) is approved for environment '\(limits.environment.value)', not '\(name)'")
            }
            if limits.account.value != environment.account.id.value {
                mismatches.append(
                    "\(limits.file) governs account '\(limits.account.value)', but \(environment.file) trades "
                        + "account '\(environment.account.id.value)'")
            }
        } else {
            mismatches.append("the limits file '\(environment.limitsFile.value)' did not load")
        }
        guard mismatches.isEmpty else {
            return .refused(LiveGuardRefusal(environment: name, mode: environment.mode.value, mismatches: mismatches))
        }
        return .allowed(environment)
    }
}

/// The guard's answer.
public enum LiveGuardDecision: Sendable {
    case allowed(EnvironmentConfig)
    case refused(LiveGuardRefusal)
}

/// Why an environment may not start: every mismatch, in one message.
public struct LiveGuardRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var environment: String
    public var mode: TradingMode?
    public var mismatches: [String]

    public var description: String {
        let what = mode.map { "environment '\(environment)' (mode: \($0.rawValue))" } ?? "environment '\(environment)'"
        return "refusing to start \(what):\n" + mismatches.map { "  - \($0)\n" }.joined()
    }
}
