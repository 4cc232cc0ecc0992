import ArgumentParser
import Foundation
import RunnerApp

struct WatchdogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watchdog",
        abstract: "Watch a run's heartbeats from a process of its own; fire the kill switch when the signal engine falls silent.",
        discussion: """
            Reads the heartbeats the environment's run commits to its journal (read-only) and runs `runner kill` \
            when the signal engine sent none for watchdog.signal_silence; other silent components are reported. \
            Only heartbeats committed after it starts count. Runs until SIGINT or SIGTERM (or for --for seconds).
            """
    )

    @OptionGroup var root: RootOption
    @Option(help: "The environment to watch (default: RUNNER_ENV, else paper).")
    var env: String?
    @Option(name: .customLong("for"), help: "Stop after this many seconds (default: run until stopped).")
    var seconds: Double?

    func run() async throws {
        let output = await Workspace(root: root.root).watchdog(
            requestedEnvironment: env, processEnvironment: processEnvironment,
            duration: seconds.map { .milliseconds(Int64($0 * 1_000)) }
        ) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        try output.emit()
    }
}
