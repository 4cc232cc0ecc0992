import RunnerConfig
import RunnerPipeline

extension Workspace {
    /// `runner graph`: the pipeline of one environment (by `--env`, else `RUNNER_ENV`, else `paper`).
    /// Printing a graph starts nothing, so any environment may be shown.
    public func graph(environment: String?, format: GraphFormat, processEnvironment: [String: String]) -> CommandOutput {
        let name = LiveGuard.selectedEnvironment(processEnvironment: processEnvironment, requested: environment)
        let configuration = load(environment: name)
        guard configuration.isValid,
            let graph = PipelineGraphBuilder(registries: registries).build(environment: name, from: configuration)
        else {
            return CommandOutput(
                standardOutput: render(configuration, format: .text) + "\(summary(configuration))\n",
                standardError: "graph: environment '\(name)' does not load cleanly.\n",
                exitCode: .configurationErrors)
        }
        return CommandOutput(standardOutput: graph.render(format))
    }
}
