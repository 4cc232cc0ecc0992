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
    @Option(help: "Report progress (bars, orders, fills, equity and PnL) to stderr every N bars (0: never); on a terminal the line is rewritten in place.")
    var progressEvery: Int = 100_000
    @Flag(help: "Start afresh even when the journal holds a crashed run that would otherwise be resumed.")
    var fresh = false

    func run() async throws {
        let progress = ProgressLine(onTerminal: isatty(STDERR_FILENO) == 1)
        let output = await Workspace(root: root.root).run(
            requestedEnvironment: env, processEnvironment: processEnvironment, fresh: fresh,
            progressEvery: progressEvery
        ) { progress.show($0) }
        progress.end()
        try output.emit()
    }
}
