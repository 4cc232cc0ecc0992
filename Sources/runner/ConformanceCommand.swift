import ArgumentParser
import Foundation
import RunnerBrokerProcess
import RunnerCore

struct ConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Check a process broker adapter against the protocol (docs/PROCESS_ADAPTER.md).",
        discussion: """
            Starts the adapter afresh for each check, with this process's environment, and prints PASS or FAIL \
            per check. The checks send real orders: run them against a paper account. \
            Exit status: 0 when every check passed, 1 otherwise, 64 for a usage error. \
            Example: runner conformance -- python3 examples/adapters/paper_adapter.py --prices AAPL=190.25
            """
    )

    @Option(help: "The symbol the checks trade.")
    var symbol = "AAPL"
    @Option(help: "Shares per order (at least 2, so a sell can be smaller than a buy).")
    var quantity: Int64 = 10
    @Option(help: "Seconds to wait for each reply, report or change.")
    var replyTimeout: Double = 5
    @Argument(parsing: .postTerminator, help: "The adapter's program and arguments, after --.")
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else {
            throw ValidationError("give the adapter's command after --: runner conformance -- python3 my_adapter.py")
        }
        guard Symbol.isValid(symbol) else {
            throw ValidationError("--symbol \(symbol) is not a symbol (upper-case, e.g. AAPL)")
        }
        guard quantity >= 2 else { throw ValidationError("--quantity must be at least 2, not \(quantity)") }
        guard replyTimeout > 0, replyTimeout <= 600 else {
            throw ValidationError("--reply-timeout must be above 0 and at most 600 seconds, not \(replyTimeout)")
        }
    }

    func run() async throws {
        let conformance = AdapterConformance(
            command: command, workingDirectory: FileManager.default.currentDirectoryPath,
            environment: processEnvironment,
            symbol: Symbol(symbol), quantity: quantity, replyTimeout: .milliseconds(Int64(replyTimeout * 1_000)))
        let report = await conformance.run { result in
            FileHandle.standardOutput.write(Data((result.description + "\n").utf8))
        }
        FileHandle.standardOutput.write(Data((report.summary + "\n").utf8))
        if !report.passed { throw ExitCode(1) }
    }
}
