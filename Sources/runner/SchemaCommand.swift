import ArgumentParser
import Foundation
import RunnerApp
import RunnerConfig

struct SchemaCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument {
        case json, markdown
    }

    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of a config file kind, or the Markdown config reference.",
        discussion: "For yaml-language-server: runner schema --output schema, then map schema/<kind>.schema.json "
            + "to strategies/*.yaml, limits/*.yaml and environments/*.yaml."
    )

    @Option(help: "strategy, limits or environment.")
    var kind: ConfigFileKind = .strategy
    @Option(help: "json (JSON Schema) or markdown (the config reference).")
    var format: Format = .json
    @Option(help: "Write <kind>.schema.json for every kind into this folder instead of printing.")
    var output: String?

    func run() throws {
        let workspace = Workspace()
        if let output {
            for path in try workspace.writeSchemas(to: output) { print("wrote \(path)") }
            return
        }
        print(format == .json ? workspace.jsonSchema(of: kind) : workspace.configReference, terminator: "")
    }
}
