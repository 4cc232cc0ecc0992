import ArgumentParser
import RunnerControl

struct FlattenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flatten",
        abstract: "Cancel every working order, then close every position with reductions that pass the gate.",
        discussion: ControlOptions.discussion
    )

    @OptionGroup var options: ControlOptions

    func run() throws {
        try options.send(.flatten)
    }
}
