import Foundation
import RunnerApp
import RunnerDiagnostics
import Testing

/// `runner validate` as a user sees it: golden output for each format, and its exit statuses.
@Suite struct ValidateCommandTests {
    /// Three files with problems, so ordering across files and carets inside expressions are covered.
    static func brokenRoot() throws -> URL {
        try Repository.scratchCopy(edits: [
            "strategies/ma_cross.yaml": [("rsi < 70", "rsii < 70"), ("timeframe: 1m", "timeframe: 1 min")],
            "limits/paper.yaml": [("daily_loss_halt: 3%", "max_daily_los: 3%")],
            "environments/paper.yaml": [("algorithm: twap", "algorithm: twapp")],
        ])
    }

    func run(_ root: URL, format: DiagnosticFormat, environment: [String: String] = [:]) -> CommandOutput {
        Workspace(root: root.path).validate(environment: nil, format: format, processEnvironment: environment)
    }

    /// Paths in the output are the scratch folder's; the golden files name them `ROOT/`.
    func normalized(_ text: String, _ root: URL) -> String {
        text.replacingOccurrences(of: root.path + "/", with: "ROOT/")
    }

    @Test func theExamplesValidateCleanly() {
        let output = Workspace(root: Repository.root.path)
            .validate(environment: nil, format: .text, processEnvironment: [:])
        #expect(output.exitCode == .success)
        #expect(output.standardOutput == """
            0 errors, 0 warnings in 7 files
            live guard: environment 'paper' (mode: paper) may start

            """)
    }

    @Test(arguments: [DiagnosticFormat.text, .json, .github])
    func brokenFilesReportEveryProblemInEachFormat(_ format: DiagnosticFormat) throws {
        let root = try Self.brokenRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = run(root, format: format)
        #expect(output.exitCode == .configurationErrors)
        let actual = normalized(output.standardOutput, root)
        #expect(actual == (try Repository.golden("validate-broken.\(format.rawValue)", actual: actual)))
    }

    @Test func jsonOutputIsValidJSONWithTheSameDiagnosticsAsText() throws {
        let root = try Self.brokenRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(run(root, format: .json).standardOutput.utf8)) as? [String: Any])
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        let fromJSON = diagnostics.map { item in
            "\(item["file"] as? String ?? ""):\(item["line"] as? Int ?? 0):\(item["column"] as? Int ?? 0): "
                + "\(item["severity"] as? String ?? ""): \(item["message"] as? String ?? "")"
        }
        let fromText = run(root, format: .text).standardOutput.split(separator: "\n")
            .filter { $0.hasPrefix(root.path) }.map(String.init)
        #expect(fromJSON == fromText)
        #expect(json["errors"] as? Int == fromText.count)
        #expect(fromText.count == 5)
    }

    @Test func oneEnvironmentIsCheckedWithOnlyWhatItUses() throws {
        // The live environment does not run mean_revert, so a broken mean_revert is not its problem.
        let root = try Repository.scratchCopy(edits: ["strategies/mean_revert.yaml": [("sma(close, 20)", "sma(close)")]])
        defer { try? FileManager.default.removeItem(at: root) }
        let live = Workspace(root: root.path).validate(environment: "live", format: .text, processEnvironment: [:])
        #expect(live.exitCode == .success)
        #expect(live.standardOutput == "0 errors, 0 warnings in 3 files\n")
        let paper = Workspace(root: root.path).validate(environment: "paper", format: .text, processEnvironment: [:])
        #expect(paper.exitCode == .configurationErrors)
    }

    @Test func anExplicitLiveRunnerEnvThatTheGuardRefusesExitsWithThree() {
        let output = Workspace(root: Repository.root.path)
            .validate(environment: nil, format: .text, processEnvironment: ["RUNNER_ENV": "live"])
        #expect(output.exitCode == .liveGuardRefused)
        #expect(output.standardError.contains("credential variable ALPACA_KEY_ID"))
    }
}
