import RunnerDiagnostics

/// Everything loaded from a config root: the typed files, every diagnostic, and the file texts
/// (for the source line under each diagnostic).
public struct Configuration: Sendable {
    /// Strategies by name, as their files define them.
    public var strategies: [String: StrategyConfig] = [:]
    /// Strategies an environment runs under another name or with other parameters (`use:`), by
    /// environment and then by the name it runs them under.
    public var instances: [String: [String: StrategyConfig]] = [:]
    /// Limits files by path relative to the root (`limits/paper.yaml`).
    public var limits: [String: LimitsConfig] = [:]
    /// Environments by name (file name without `.yaml`), those whose every key decoded.
    public var environments: [String: EnvironmentConfig] = [:]
    /// What each environment file references in other files, by name, including environments with
    /// errors in other keys (see ``EnvironmentReferences``).
    public var environmentReferences: [String: EnvironmentReferences] = [:]
    /// Every problem, sorted by file, line and column.
    public var diagnostics: [Diagnostic] = []
    /// File texts by display path.
    public var sources: [String: String] = [:]
    /// Relative paths of every file read, including those that failed to load, so a broken file
    /// is not also reported as missing.
    public var presentFiles: Set<String> = []

    public init() {}

    /// True when nothing is wrong (warnings allowed).
    public var isValid: Bool { !diagnostics.containsErrors }

    /// A strategy as `environment` runs it: its own instance, or the file's strategy for a plain entry.
    public func strategy(_ use: StrategyUse, in environment: String) -> StrategyConfig? {
        use.isPlain ? strategies[use.file.value] : instances[environment]?[use.name.value]
    }

    /// The strategies an environment runs, in the order it lists them (those that loaded).
    public func strategies(of environment: EnvironmentConfig) -> [StrategyConfig] {
        environment.strategyUses.compactMap { strategy($0, in: environment.name) }
    }

    /// The limits an environment runs under, if its file loaded.
    public func limits(for environment: EnvironmentConfig) -> LimitsConfig? {
        limits[environment.limitsFile.value]
    }
}
