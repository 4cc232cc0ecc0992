import ArgumentParser
import RunnerApp

struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract:
            "Compare what the broker reports with what the journal expects, once, and print the table per symbol.",
        discussion: """
            Reads the environment's journal and its broker (the paper broker's book) without changing either, \
            so it can run beside a run. The mismatch is (Σ |broker - expected| x price + unknown open broker \
            orders' remaining x price) / equity; see the README. \
            Exit status: 0 clean, 7 above reconciliation.alert_above, 8 above reconciliation.flatten_above, \
            9 no comparison could be made, 1 the environment does not load, 4 a broker this version cannot reach, \
            64 without --once.
            """
    )

    @OptionGroup var root: RootOption
    @Option(help: "The environment to reconcile (default: RUNNER_ENV, else paper).")
    var env: String?
    @Flag(help: "Compare once and exit (required: the continuous form runs inside `runner run`).")
    var once = false

    func run() async throws {
        try await Workspace(root: root.root)
            .reconcile(requestedEnvironment: env, processEnvironment: processEnvironment, once: once)
            .emit()
    }
}
