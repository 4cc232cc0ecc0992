import ArgumentParser
import RunnerApp

struct PreflightCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Apply the live guard to the environment RUNNER_ENV selects (default paper), as `runner run` will, "
            + "measure its clock against NTP, and log on to a real broker to read its account, positions and open orders.",
        discussion: "Exit status: 0 may start, 1 configuration errors, 3 refused by the live guard (a live clock check "
            + "that fails included), 4 this version cannot run it."
    )

    @OptionGroup var root: RootOption
    @Option(help: "A paper environment to check instead; it can never select a live environment by itself.")
    var env: String?

    func run() async throws {
        try await Workspace(root: root.root).preflightWithBroker(requestedEnvironment: env, processEnvironment: processEnvironment)
            .emit()
    }
}
