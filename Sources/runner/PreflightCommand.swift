import ArgumentParser
import RunnerApp

struct PreflightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Apply the live guard to the environment RUNNER_ENV selects (default paper), as `runner run` will.",
        discussion: "Exit status: 0 may start, 1 configuration errors, 3 refused by the live guard."
    )

    @OptionGroup var root: RootOption
    @Option(help: "A paper environment to check instead; it can never select a live environment by itself.")
    var env: String?

    func run() throws {
        try Workspace(root: root.root).preflight(requestedEnvironment: env, processEnvironment: processEnvironment).emit()
    }
}
