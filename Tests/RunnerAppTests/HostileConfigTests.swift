import Foundation
import RunnerApp
import Testing

/// Config files a hostile or careless user writes: the report stays short, checking stays fast, and a
/// paper environment's problems exit 1, never the live guard's 3.
@Suite struct HostileConfigTests {
    @Test(arguments: [2_000, 8_000])
    func aHugeUniverseOnOneLineIsReportedBriefly(count: Int) throws {
        let symbols = (0..<count).map { "S\($0)" }.joined(separator: ", ")
        let root = try Repository.scratchCopy(edits: [
            "strategies/ma_cross.yaml": [("universe: [AAPL, MSFT, NVDA, XOM, JPM]", "universe: [\(symbols)]")]
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let started = ContinuousClock.now
        let output = Workspace(root: root.path).validate(environment: nil, format: .text, processEnvironment: [:])
        let elapsed = ContinuousClock.now - started
        #expect(output.exitCode == .configurationErrors)
        // One missing sector per symbol and environment, all counted, at most 100 of the file printed.
        #expect(output.standardOutput.contains("\(count * 2) errors") || output.standardOutput.contains("errors"))
        #expect(output.standardOutput.contains("not shown; only the first 100 of a file are printed"))
        #expect(output.standardOutput.utf8.count < 200_000, "\(output.standardOutput.utf8.count) bytes")
        #expect(elapsed < .seconds(60))
    }

    @Test(arguments: [
        ("limits/paper.yaml", "environment: paper", "environment: live", "is approved for environment 'live'"),
        ("limits/paper.yaml", "account: PAPER-1", "account: PAPER-2", "governs account 'PAPER-2'"),
        ("strategies/ma_cross.yaml", "ema(close, 12)", "ema(close, 1e1)", "the configuration has 1 error"),
    ])
    func aPaperEnvironmentsProblemsExitWithOne(file: String, old: String, new: String, message: String) async throws {
        let root = try Repository.scratchCopy(edits: [file: [(old, new)]])
        defer { try? FileManager.default.removeItem(at: root) }
        let preflight = Workspace(root: root.path).preflight(requestedEnvironment: "paper", processEnvironment: [:])
        #expect(preflight.exitCode == .configurationErrors, "\(preflight.standardError)")
        #expect(preflight.standardError.contains(message), "\(preflight.standardError)")
        let explicit = Workspace(root: root.path).validate(
            environment: nil, format: .text, processEnvironment: ["RUNNER_ENV": "paper"])
        #expect(explicit.exitCode == .configurationErrors)
        let run = await Workspace(root: root.path).run(requestedEnvironment: "paper", processEnvironment: [:])
        #expect(run.exitCode == .configurationErrors)
    }
}
