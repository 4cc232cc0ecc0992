import Foundation
import RunnerAlerts
import RunnerCore
import RunnerTesting
import Testing

/// The command sink running real shell scripts written to a temporary folder.
@Suite struct CommandAlertSinkTests {
    /// A script in `folder` (mode 0755) with `body` after the shebang line.
    static func script(_ folder: AlertTestFolder, _ name: String, _ body: String) throws -> String {
        let path = folder.file(name)
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    /// The runner's own variables, as a command inherits them: a fixed PATH (and a sanitizer's options), plus one
    /// a paging tool might need.
    static let environment = ChildEnvironment.minimal.merging(["TEAM_TOKEN": "kept"]) { $1 }

    @Test func theProgramGetsTheAlertOnStandardInputAndInVariables() async throws {
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let script = try Self.script(
            folder, "page.sh",
            """
            cat > "$1/stdin.json"
            printf '%s\\n' "$RUNNER_ALERT_KIND" "$RUNNER_ALERT_SEVERITY" "$RUNNER_ALERT_MESSAGE" \
                "$RUNNER_ALERT_ENVIRONMENT" "$RUNNER_ALERT_MODE" "$RUNNER_ALERT_AT" "$TEAM_TOKEN" "$2" "$(pwd)" \
                > "$1/env.txt"
            """)
        let sink = try CommandAlertSink(
            command: [script, folder.path, "two words"], workingDirectory: folder.path, environment: Self.environment,
            mode: .live, timeout: patience)
        try await sink.deliver(SampleAlert.watchdog)

        let stdin = try Data(contentsOf: URL(fileURLWithPath: folder.file("stdin.json")))
        #expect(stdin == AlertPayload(SampleAlert.watchdog, mode: .live).json)
        let object = try #require(try JSONSerialization.jsonObject(with: stdin) as? [String: Any])
        #expect(object["kind"] as? String == "watchdog")
        let variables = try String(contentsOfFile: folder.file("env.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let folderPath = URL(fileURLWithPath: folder.path).resolvingSymlinksInPath().path
        #expect(
            Array(variables.prefix(8)) == [
                "watchdog", "critical", "the signal engine has been silent for 31s; the kill switch fired", "live",
                "live",
                "1767623400250", "kept", "two words",
            ])
        #expect(URL(fileURLWithPath: variables[8]).resolvingSymlinksInPath().path == folderPath)
        #expect(sink.name == "command \(script) \(folder.path) two words")
    }

    @Test func aFailingCommandIsRetriedAndEachFailureLoggedWithWhatItPrinted() async throws {
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let script = try Self.script(
            folder, "page.sh",
            """
            echo attempt >> "$1/attempts.txt"
            echo "pager service down" >&2
            exit 3
            """)
        let sink = try CommandAlertSink(
            command: [script, folder.path], workingDirectory: folder.path,
            environment: Self.environment, mode: .paper, timeout: patience)
        let sleeps = RecordedSleeps()
        let dispatcher = AlertDispatcher(
            sinks: [sink], journal: nil, logger: folder.log.logger(label: "test"),
            settings: try .testing(sleeps, attempts: 3))
        dispatcher.raise(SampleAlert.numbered(1, .critical))
        let statistics = try #require(await dispatcher.drain(timeout: patience).first)

        let attempts = try String(contentsOfFile: folder.file("attempts.txt"), encoding: .utf8)
        #expect(attempts.split(separator: "\n").count == 3)
        #expect(statistics.failed == 1)
        #expect(statistics.failedAttempts == 3)
        #expect(sleeps.all == [.seconds(1), .seconds(2)])
        let failures = try folder.logMessages().filter { $0.contains("failed (attempt") }
        #expect(failures.count == 3)
        #expect(
            failures.allSatisfy { $0.contains("the command exited with status 3: pager service down") }, "\(failures)")
    }

    @Test func aCommandStillRunningAtItsTimeoutIsKilled() async throws {
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let script = try Self.script(folder, "slow.sh", "exec sleep 3600")
        let sink = try CommandAlertSink(
            command: [script], workingDirectory: folder.path, environment: Self.environment,
            mode: .paper, timeout: .seconds(1))
        let started = ContinuousClock.now
        await #expect(throws: AlertError.timedOut(seconds: 1)) { try await sink.deliver(SampleAlert.numbered(1)) }
        #expect(ContinuousClock.now - started < patience, "the 1 s timeout must end the command")
    }

    @Test func aRelativeProgramIsFoundFromTheWorkingFolderAndABareOneInThePath() throws {
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("scripts"), withIntermediateDirectories: true)
        let script = try Self.script(folder, "scripts/page.sh", "exit 0")
        let relative = try CommandAlertSink(
            command: ["scripts/page.sh"], workingDirectory: folder.path,
            environment: Self.environment, mode: .paper, timeout: .seconds(1))
        #expect(relative.program == script)
        let bare = try CommandAlertSink(
            command: ["sh", "-c", "true"], workingDirectory: folder.path,
            environment: Self.environment, mode: .paper, timeout: .seconds(1))
        #expect(bare.program == "/usr/bin/sh" || bare.program == "/bin/sh")
    }

    @Test func aProgramThatDoesNotExistIsRefusedWhenTheSinkIsMade() throws {
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        #expect(throws: AlertError.self) {
            try CommandAlertSink(
                command: ["scripts/missing.sh"], workingDirectory: folder.path,
                environment: Self.environment, mode: .paper, timeout: .seconds(1))
        }
        #expect(throws: AlertError.self) {
            try CommandAlertSink(
                command: ["no-such-pager-program"], workingDirectory: folder.path,
                environment: Self.environment, mode: .paper, timeout: .seconds(1))
        }
        #expect(throws: AlertError.self) {
            try CommandAlertSink(
                command: [], workingDirectory: folder.path, environment: Self.environment,
                mode: .paper, timeout: .seconds(1))
        }
    }
}
