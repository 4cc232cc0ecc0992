/// Whether an environment and its limits file agree: the limits must be approved for that very
/// environment and govern the account it trades. Validation reports these as diagnostics and the
/// live guard refuses on them, from this one definition.
public enum LimitsAgreement {
    /// Each disagreement as a sentence, located in the environment file.
    public static func mismatches(environment: EnvironmentConfig, limits: LimitsConfig) -> [Located<String>] {
        var mismatches: [Located<String>] = []
        let path = environment.limitsFile.value
        if limits.environment.value != environment.name {
            mismatches.append(Located(
                "\(path) is approved for environment '\(limits.environment.value)', not '\(environment.name)'",
                at: environment.limitsFile.location))
        }
        if limits.account.value != environment.account.id.value {
            mismatches.append(Located(
                "\(path) governs account '\(limits.account.value)', but environment '\(environment.name)' trades "
                    + "account '\(environment.account.id.value)'",
                at: environment.account.id.location))
        }
        return mismatches
    }
}
