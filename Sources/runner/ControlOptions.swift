import ArgumentParser
import RunnerApp
import RunnerControl

/// `--root`, `--env` and `--reason`, shared by the commands that talk to a running engine.
struct ControlOptions: ParsableArguments {
    @OptionGroup var root: RootOption
    @Option(help: "The environment whose run to command (default: RUNNER_ENV, else paper).")
    var env: String?
    @Option(help: "Why, for the run's journal (default: \"by hand\").")
    var reason: String?

    /// Sends `kind` to the run and prints its answer.
    func send(_ kind: ControlCommandKind) throws {
        try Workspace(root: root.root)
            .control(kind, requestedEnvironment: env, processEnvironment: processEnvironment, reason: reason)
            .emit()
    }

    /// The exit statuses every control command shares.
    static let discussion =
        "Exit status: 0 the engine took the command, 1 the environment does not load, "
        + "5 no run is alive, 6 the engine refused or did not answer."
}
