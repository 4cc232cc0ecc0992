import ArgumentParser
import RunnerApp

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the runner's speed targets (build with -c release for meaningful figures).",
        subcommands: [ValidateBenchCommand.self]
    )
}

struct ValidateBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Time `runner validate` on a generated root of many strategy files."
    )

    @Option(help: "Number of strategy files to generate.")
    var strategies: Int = 200
    @Option(help: "Number of timed runs; the median is reported.")
    var runs: Int = 15

    func run() throws {
        print(try ValidationBenchmark(strategies: strategies, runs: runs).run(workspace: Workspace()))
    }
}
