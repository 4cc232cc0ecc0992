import ArgumentParser
import RunnerApp

struct KillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kill",
        abstract: "The kill switch: cancel every open order and close every position, then leave trading halted.",
        discussion: """
            Asks the running engine first; when it does not answer within a second (no run, a frozen or a dead \
            one), stops a frozen run of the environment on this host (SIGKILL), builds the environment's broker \
            adapter and cancels and closes at the broker directly, retrying until the broker confirms. Trading is \
            saved as halted (a restart comes up halted; `runner resume` re-arms a running engine). \
            Exit status: 0 the broker confirmed no open orders and no positions, 1 the environment does not load, \
            10 not confirmed (what is left is printed).
            """
    )

    @OptionGroup var root: RootOption
    @Option(help: "The environment to kill (default: RUNNER_ENV, else paper).")
    var env: String?
    @Option(help: "Why, for the journal and the alert (default: \"by hand\").")
    var reason: String?

    func run() async throws {
        try await Workspace(root: root.root)
            .kill(requestedEnvironment: env, processEnvironment: processEnvironment, reason: reason)
            .emit()
    }
}
