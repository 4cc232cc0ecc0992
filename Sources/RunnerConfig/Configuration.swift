import RunnerDiagnostics

/// Everything loaded from a config root: the typed files, every diagnostic, and the file texts
/// (for the source line under each diagnostic).
public struct Configuration: Sendable {
    /// Strategies by name.
    public var strategies: [String: StrategyConfig] = [:]
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

    /// The limits an environment runs under, if its file loaded.
    public func limits(for environment: EnvironmentConfig) -> LimitsConfig? {
        limits[environment.limitsFile.value]
    }
}
