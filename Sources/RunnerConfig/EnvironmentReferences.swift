/// What an environment file names in other files (its limits file, its account and its strategies),
/// as far as those keys decoded.
///
/// The loader keeps these even when another key of the file is broken, so the cross-file checks still
/// run: an error in `routing:` must not hide a strategy that does not exist, and `--env` still brings
/// in the limits and strategies the environment uses.
public struct EnvironmentReferences: Sendable {
    /// The environment's name: its file name without `.yaml`.
    public var name: String
    public var file: String
    /// Nil when `limits:` is missing or invalid (already reported).
    public var limitsFile: Located<String>?
    /// The names that decoded, in the order written (the names runs know them by: `as:` when given).
    public var strategies: [Located<String>]
    /// How each strategy is run: its file and parameter values, in the order written.
    public var uses: [StrategyUse] = []
    /// Nil when `account:` is missing or invalid (already reported).
    public var account: AccountConfig?

    public init(
        name: String, file: String, limitsFile: Located<String>?, strategies: [Located<String>], account: AccountConfig?
    ) {
        self.name = name
        self.file = file
        self.limitsFile = limitsFile
        self.strategies = strategies
        self.account = account
    }
}

extension EnvironmentConfig {
    /// The references of an environment that loaded in full.
    public var references: EnvironmentReferences {
        var references = EnvironmentReferences(name: name, file: file, limitsFile: limitsFile, strategies: strategies,
                                               account: account)
        references.uses = strategyUses
        return references
    }
}
