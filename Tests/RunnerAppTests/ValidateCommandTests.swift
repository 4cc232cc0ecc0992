import Foundation
import RunnerApp
import RunnerDiagnostics
import Testing

/// `runner validate` as a user sees it: golden output for each format, and its exit statuses.
@Suite struct ValidateCommandTests {
    /// Three files with problems, so ordering across files and carets inside expressions are covered.
    static func brokenRoot() throws -> URL {
        try Repository.scratchCopy(edits: [
            "strategies/ma_cross.yaml": [("rsi < 70", "rsii < 70"), ("timeframe: 5m", "timeframe: 5 min")],
            "limits/paper.yaml": [("daily_loss_halt: 3%", "max_daily_los: 3%")],
            "environments/paper.yaml": [("algorithm: vwap", "algorithm: vwapp")],
        ])
    }

    func run(_ root: URL, format: DiagnosticFormat, environment: [String: String] = [:]) -> CommandOutput {
        Workspace(root: root.path).validate(environment: nil, format: format, processEnvironment: environment)
    }

    /// Paths in the output are the scratch folder's; the golden files name them `ROOT/`.
    func normalized(_ text: String, _ root: URL) -> String {
        text.replacingOccurrences(of: root.path + "/", with: "ROOT/")
    }

    @Test func theExamplesValidateWithOnlyNotRunningWarnings() {
        let output = Workspace(root: Repository.root.path)
            .validate(environment: nil, format: .text, processEnvironment: [:])
        #expect(output.exitCode == .success)
        let diagnostics = output.standardOutput.split(separator: "\n").filter { $0.hasPrefix(Repository.root.path) }
        #expect(diagnostics.count == 3)
        #expect(diagnostics.allSatisfy { $0.contains(": warning: ") && $0.hasSuffix("does not run yet in this version") })
        #expect(output.standardOutput.hasSuffix("""
            0 errors, 3 warnings in 10 files
            live guard: environment 'paper' (mode: paper) may start

            """))
    }

    @Test(arguments: [nil, "paper"])
    func aConfiguredPartThatDoesNotRunIsAWarningAtItsKey(_ environment: String?) {
        let output = Workspace(root: Repository.root.path)
            .validate(environment: environment, format: .text, processEnvironment: [:])
        #expect(output.exitCode == .success)
        let file = Repository.root.path + "/environments/paper.yaml"
        let lines = ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        func line(of key: String) -> Int { (lines.firstIndex { $0.hasPrefix(key + ":") } ?? -1) + 1 }
        // `bus: memory` (the in-process bus), heartbeats, the watchdog, reconciliation and the clock check run.
        for key in ["bus", "heartbeat", "watchdog", "reconciliation", "clock"] {
            #expect(line(of: key) > 0)
            #expect(!output.standardOutput.contains("\(file):\(line(of: key)):1:"))
        }
        for line in [
            "\(file):\(line(of: "dashboard")):1: warning: 'dashboard' is configured, but the dashboard does not run yet in this version",
        ] {
            #expect(output.standardOutput.contains(line + "\n"), "missing: \(line)")
        }
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
        #expect(json["errors"] as? Int == fromText.filter { $0.contains(": error: ") }.count)
        #expect(json["warnings"] as? Int == fromText.filter { $0.contains(": warning: ") }.count)
        #expect(fromText.count == 7)
    }

    @Test func oneEnvironmentIsCheckedWithOnlyWhatItUses() throws {
        // The live environment does not run mean_revert, so a broken mean_revert is not its problem.
        let root = try Repository.scratchCopy(edits: ["strategies/mean_revert.yaml": [("sma(close, 20)", "sma(close)")]])
        defer { try? FileManager.default.removeItem(at: root) }
        let live = Workspace(root: root.path).validate(environment: "live", format: .text, processEnvironment: [:])
        #expect(live.exitCode == .success)
        #expect(live.standardOutput.hasSuffix("\n0 errors, 1 warning in 3 files\n"))
        let paper = Workspace(root: root.path).validate(environment: "paper", format: .text, processEnvironment: [:])
        #expect(paper.exitCode == .configurationErrors)
    }

    @Test func anExplicitLiveRunnerEnvThatTheGuardRefusesExitsWithThree() {
        let output = Workspace(root: Repository.root.path)
            .validate(environment: nil, format: .text, processEnvironment: ["RUNNER_ENV": "live"])
        #expect(output.exitCode == .liveGuardRefused)
        #expect(output.standardError.contains("credential variable RUNNER_FIX_PASSWORD"))
    }
}
