import Foundation
import ArgumentParser
import RunnerCore
import RunnerSignals

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Market data tools.",
        subcommands: [GenerateDataCommand.self]
    )
}

struct GenerateDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write seeded synthetic one-minute bars (with an intraday volume curve), one CSV per symbol."
    )

    @Option(help: "Comma-separated symbols.")
    var symbols: String = "AAPL,MSFT,NVDA,XOM,JPM"
    @Option(help: "Trading days (weekdays) to generate.")
    var days: Int = 5
    @Option(help: "Seed: the same seed always writes the same bars.")
    var seed: UInt64 = 42
    @Option(help: "Output folder.")
    var output: String = "data/sample"
    @Flag(help: "Replace CSV files of the same symbols already in the output folder (refused without it).")
    var force = false

    func run() throws {
        let list = symbols.split(separator: ",").map { Symbol(String($0).trimmingCharacters(in: .whitespaces)) }
        guard !list.isEmpty, list.allSatisfy({ Symbol.isValid($0.rawValue) }) else {
            throw ValidationError("--symbols must list symbols such as AAPL,MSFT (capital letters and digits)")
        }
        let bars = SyntheticBars(symbols: list, days: days, seed: seed)
        do {
            for path in try bars.write(to: output, replacing: force) { print("wrote \(path)") }
        } catch let error as SyntheticBarsError {
            throw ValidationError("data generate: \(error)")
        }
    }
}
