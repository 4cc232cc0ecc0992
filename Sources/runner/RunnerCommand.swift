import ArgumentParser

/// `runner`: the strategy runner's command line.
@main
struct RunnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runner",
        abstract: "A declarative, config-driven strategy runner.",
        subcommands: [
            RunCommand.self, ValidateCommand.self, PreflightCommand.self, GraphCommand.self, ComputeCommand.self, SchemaCommand.self,
            DataCommand.self, BenchCommand.self,
            StatusCommand.self, HaltCommand.self, ReduceCommand.self, ResumeCommand.self, FlattenCommand.self, KillCommand.self,
            WatchdogCommand.self,
            ReconcileCommand.self, ConformanceCommand.self,
        ]
    )
}
