import ArgumentParser
import RunnerApp

struct PreflightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Apply the live guard to the environment RUNNER_ENV selects (default paper), as `runner run` will, "
            + "and measure its clock against NTP.",
        discussion: "Exit status: 0 may start, 1 configuration errors, 3 refused by the live guard (a live clock check "
            + "that fails included), 4 this version cannot run it."
    )

    @OptionGroup var root: RootOption
    @Option(help: "A paper environment to check instead; it can never select a live environment by itself.")
    var env: String?

    func run() throws {
        try Workspace(root: root.root).preflight(requestedEnvironment: env, processEnvironment: processEnvironment).emit()
    }
}
