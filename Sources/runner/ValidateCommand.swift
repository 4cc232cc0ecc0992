import ArgumentParser
import RunnerApp
import RunnerDiagnostics

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every config file (or one environment and what it uses) and print every problem.",
        discussion: "Exit status: 0 clean, 1 errors found, 3 the live guard refused the environment RUNNER_ENV selects."
    )

    @OptionGroup var root: RootOption
    @Option(help: "Check only this environment and the limits and strategies it uses.")
    var env: String?
    @Option(help: "text, json or github (workflow annotations).")
    var format: DiagnosticFormat = .text

    func run() throws {
        try Workspace(root: root.root)
            .validate(environment: env, format: format, processEnvironment: processEnvironment)
            .emit()
    }
}
