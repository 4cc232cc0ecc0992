import ArgumentParser
import RunnerControl

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Re-arm trading after a halt or reduce-only.",
        discussion: ControlOptions.discussion
    )

    @OptionGroup var options: ControlOptions

    func run() throws {
        try options.send(.resume)
    }
}
