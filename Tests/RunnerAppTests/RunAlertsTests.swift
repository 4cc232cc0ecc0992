import Foundation
import RunnerAlerts
import RunnerConfig
import RunnerCore
import RunnerEngine
import Testing

@testable import RunnerApp

/// How `runner run` builds its alerts from `alerts:` and the process environment.
@Suite struct RunAlertsTests {
    static func environment(_ name: String, root: URL) throws -> EnvironmentConfig {
        let configuration = Workspace(root: root.path).load(environment: name)
        return try #require(configuration.environments[name], "\(configuration.diagnostics)")
    }

    static func scratch(alerts: String) throws -> URL {
        try Repository.scratchCopyWithSample(edits: [
            "environments/paper.yaml": [
                ("dashboard: {listen: 127.0.0.1:8080}", "dashboard: {listen: 127.0.0.1:8080}\n" + alerts)
            ]
        ])
    }

    @Test func aPaperRunWithoutItsWebhookVariableRunsWithTheCommandAndSaysSo() async throws {
        let root = try Self.scratch(alerts: "alerts: {webhook_url_env: RUNNER_TEST_HOOK, command: [./page.sh]}")
        defer { try? FileManager.default.removeItem(at: root) }
        let script = root.appendingPathComponent("page.sh").path
        try "#!/bin/sh\nexit 0\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let notes = NoteCollector()
        let output = await Workspace(root: root.path).run(
            requestedEnvironment: nil, processEnvironment: ["PATH": "/usr/bin:/bin"], progress: notes.collect)
        #expect(output.exitCode == .success, "\(output.standardError)")
        #expect(
            notes.all.contains {
                $0.hasSuffix(
                    "environments/paper.yaml: alerts.webhook_url_env names RUNNER_TEST_HOOK, which is not set: "
                        + "alerts go to the journal, the log and the command only")
            }, "\(notes.all)")
        // The run's log is beside its journal, whatever the run raised.
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("var/paper/runner.log").path))
    }

    @Test func theWebhookAndCommandBecomeSinksAndTheLogGoesBesideTheJournal() throws {
        let root = try Self.scratch(alerts: "alerts: {webhook_url_env: RUNNER_TEST_HOOK, command: [sh, -c, 'true']}")
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = try Self.environment("paper", root: root)
        let paths = RunPaths(root: root.path, environment: environment)
        let alerts = try RunAlerts(
            environment: environment, paths: paths, root: root.path,
            processEnvironment: [
                "RUNNER_TEST_HOOK": "https://hooks.example.invalid/T000/secret", "PATH": "/usr/bin:/bin",
            ])
        #expect(alerts.sinks.map(\.name) == ["webhook ($RUNNER_TEST_HOOK)", "command sh -c true"])
        #expect(alerts.notes.isEmpty)
        #expect(alerts.log.path == root.appendingPathComponent("var/paper/runner.log").path)
        #expect(alerts.settings.minimumSeverity == .warning)
        #expect(alerts.settings.attempts == 5)
    }

    @Test func aWebhookVariableThatHoldsNoHTTPURLStopsTheRun() throws {
        let root = try Self.scratch(alerts: "alerts: {webhook_url_env: RUNNER_TEST_HOOK}")
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = try Self.environment("paper", root: root)
        let paths = RunPaths(root: root.path, environment: environment)
        #expect(throws: AlertError.invalidWebhookURL(variable: "RUNNER_TEST_HOOK")) {
            try RunAlerts(
                environment: environment, paths: paths, root: root.path,
                processEnvironment: ["RUNNER_TEST_HOOK": "hooks.slack.com/T000"])
        }
    }

    @Test func aCommandThatCannotBeFoundStopsTheRunBeforeItWritesAJournal() async throws {
        let root = try Self.scratch(alerts: "alerts: {command: [scripts/missing-pager.sh]}")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(output.exitCode != .success)
        #expect(
            output.standardError.contains("missing-pager.sh does not exist or is not executable"),
            "\(output.standardError)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("var/paper/journal.sqlite").path))
    }

    @Test func aLiveEnvironmentWithoutItsWebhookVariableIsAnErrorAndWritesNothing() throws {
        let root = try Repository.scratchCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = try Self.environment("live", root: root)
        let paths = RunPaths(root: root.path, environment: environment)
        #expect(throws: RunError.self) {
            try RunAlerts(environment: environment, paths: paths, root: root.path, processEnvironment: [:])
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("var").path))
    }
}

/// The progress notes a run printed.
final class NoteCollector: Sendable {
    private let notes = Locked<[String]>([])
    var all: [String] { notes.withLock { $0 } }

    var collect: @Sendable (RunProgress) -> Void {
        { [self] progress in if case .note(let note) = progress { notes.withLock { $0.append(note) } } }
    }
}
