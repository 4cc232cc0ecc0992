/// Whether an environment and its limits file agree: the limits must be approved for that very
/// environment and govern the account it trades. Validation reports these as diagnostics and the
/// live guard refuses on them, from this one definition.
public enum LimitsAgreement {
    /// Each disagreement as a sentence, located in the environment file.
    public static func mismatches(environment: EnvironmentConfig, limits: LimitsConfig) -> [Located<String>] {
        mismatches(references: environment.references, limits: limits)
    }

    /// The same, for an environment that may have errors in other keys; a missing account is not compared.
    public static func mismatches(references environment: EnvironmentReferences, limits: LimitsConfig)
        -> [Located<String>]
    {
        guard let limitsFile = environment.limitsFile else { return [] }
        var mismatches: [Located<String>] = []
        let path = limitsFile.value
        if limits.environment.value != environment.name {
            mismatches.append(Located(
                "\(path) is approved for environment '\(limits.environment.value)', not '\(environment.name)'",
                at: limitsFile.location))
        }
        if let account = environment.account, limits.account.value != account.id.value {
            mismatches.append(Located(
                "\(path) governs account '\(limits.account.value)', but environment '\(environment.name)' trades "
                    + "account '\(account.id.value)'",
                at: account.id.location))
        }
        return mismatches
    }
}
