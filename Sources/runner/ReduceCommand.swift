import ArgumentParser
import RunnerControl

struct ReduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reduce",
        abstract: "Reduce-only: targets that shrink positions pass, everything else is denied.",
        discussion: ControlOptions.discussion
    )

    @OptionGroup var options: ControlOptions

    func run() throws {
        try options.send(.reduce)
    }
}
