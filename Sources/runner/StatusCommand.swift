import ArgumentParser
import RunnerControl

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print the running engine's trading state, positions, working orders, equity and day PnL.",
        discussion: ControlOptions.discussion
    )

    @OptionGroup var options: ControlOptions

    func run() throws {
        try options.send(.status)
    }
}
