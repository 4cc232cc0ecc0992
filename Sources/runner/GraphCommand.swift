import ArgumentParser
import RunnerApp
import RunnerPipeline

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the typed pipeline graph of an environment."
    )

    @OptionGroup var root: RootOption
    @Option(help: "The environment to show (default: RUNNER_ENV, else paper).")
    var env: String?
    @Option(help: "text, dot (Graphviz) or mermaid.")
    var format: GraphFormat = .text

    func run() throws {
        try Workspace(root: root.root).graph(environment: env, format: format, processEnvironment: processEnvironment)
            .emit()
    }
}
