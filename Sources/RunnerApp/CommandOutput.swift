/// What a command prints and how it exits; the CLI writes it out, tests compare it with golden files.
public struct CommandOutput: Sendable, Equatable {
    public var standardOutput: String
    public var standardError: String
    public var exitCode: RunnerExitCode

    public init(standardOutput: String = "", standardError: String = "", exitCode: RunnerExitCode = .success) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.exitCode = exitCode
    }
}

/// Exit statuses of `runner`, documented in the README.
public enum RunnerExitCode: Int32, Sendable, CaseIterable {
    /// Everything checked out.
    case success = 0
    /// The configuration has errors (diagnostics were printed).
    case configurationErrors = 1
    /// The live guard refused to start the environment.
    case liveGuardRefused = 3
    /// The environment is valid and allowed, but this version cannot run it (only the paper broker in
    /// paper mode runs; see ``Workspace/runRefusal(_:)``).
    case notRunnable = 4
    /// A command for a running engine found no run alive (no socket, or one left by a run that died).
    case noRunAlive = 5
    /// The running engine refused the command, did not answer in time, or answered unreadably.
    case commandNotApplied = 6
    /// `runner reconcile`: the broker and the journal differ by more than `reconciliation.alert_above`.
    case reconciliationAlert = 7
    /// `runner reconcile`: they differ by more than `reconciliation.flatten_above` (a run would fire the kill switch).
    case reconciliationFlatten = 8
    /// `runner reconcile`: no comparison could be made (no journal or broker book, a missing price, the
    /// broker unreachable).
    case reconciliationFailed = 9
    /// `runner kill` could not get the broker to confirm no open orders and no positions.
    case killNotConfirmed = 10
    /// The command line itself was wrong (ArgumentParser's usage status).
    case usage = 64
}
