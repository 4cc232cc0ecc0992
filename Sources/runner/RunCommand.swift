import ArgumentParser
import Foundation
import RunnerApp

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the pipeline of the environment RUNNER_ENV selects (default paper) over its market data.",
        discussion: """
            Applies the live guard and validation first. A run that crashed is resumed from its journal and the \
            paper broker's book (--fresh discards them). SIGINT or SIGTERM stops between bars: unreleased slices are \
            dropped, working orders cancelled, the journal committed, and the summary printed. \
            Exit status: 0 done (or interrupted), 1 errors, 3 refused by the live guard.
            """
    )

    @OptionGroup var root: RootOption
    @Option(help: "A paper environment to run instead; it can never select a live environment by itself.")
    var env: String?
    @Option(help: "Print a progress line to stderr every N bars (0: never).")
    var progressEvery: Int = 250_000
    @Flag(help: "Start afresh even when the journal holds a crashed run that would otherwise be resumed.")
    var fresh = false

    func run() async throws {
        let output = await Workspace(root: root.root).run(
            requestedEnvironment: env, processEnvironment: processEnvironment, fresh: fresh,
            progressEvery: progressEvery
        ) { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
        try output.emit()
    }
}
