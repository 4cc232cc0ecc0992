import ArgumentParser
import RunnerControl

struct HaltCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "halt",
        abstract: "Stop taking new risk: only reductions pass, and a restart comes up halted.",
        discussion: ControlOptions.discussion
    )

    @OptionGroup var options: ControlOptions

    func run() throws {
        try options.send(.halt)
    }
}
