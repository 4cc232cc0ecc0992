import Foundation
import RunnerApp
import RunnerClock
import RunnerTesting
import Testing

/// `runner preflight`'s clock check against responders in this process: the offset printed, a live
/// environment refused when the clock cannot be trusted, a paper one warned.
@Suite struct ClockPreflightTests {
    static let paperClock = "clock: {servers: [127.0.0.1:123], max_offset: 250ms}"
    static let liveClock = "clock: {servers: [127.0.0.1:123], max_offset: 100ms}"
    static let liveProcess = ["RUNNER_ENV": "live", "RUNNER_FIX_PASSWORD": "secret",
                                "RUNNER_ALERT_WEBHOOK": "https://hooks.example.invalid/T000"]

    /// The workspace of a scratch copy whose environments ask `servers` (`host:port` list) for the time.
    func workspace(paper: String = paperClock, live: String = liveClock) throws -> (Workspace, URL) {
        let root = try Repository.scratchCopy(edits: [
            "environments/paper.yaml": [(Self.paperClock, paper)], "environments/live.yaml": [(Self.liveClock, live)],
        ])
        return (Workspace(root: root.path), root)
    }

    func preflight(_ workspace: Workspace, _ process: [String: String] = [:]) async throws -> CommandOutput {
        try await OwnThread.run { workspace.preflight(requestedEnvironment: nil, processEnvironment: process) }
    }

    @Test func paperPrintsTheMeasuredOffset() async throws {
        let responder = try SNTPResponder(.answer(offset: .zero))
        defer { responder.stop() }
        let (workspace, root) = try workspace(paper: "clock: {servers: [\(responder.server)], max_offset: 250ms}")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try await preflight(workspace)
        #expect(output.exitCode == .success)
        #expect(output.standardError == "")
        let lines = output.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "preflight: environment 'paper' (mode: paper) may start")
        let clock = try #require(lines.last)
        #expect(clock.wholeMatch(of: /clock: offset [+-]\d+\.\dms \(delay \d+\.\dms\) from 127\.0\.0\.1:\d+, max 250ms/) != nil,
                "\(clock)")
        #expect(clock.contains("from \(responder.server), "))
    }

    @Test func paperWarnsWhenTheOffsetIsTooLargeButStarts() async throws {
        let ahead = try SNTPResponder(.answer(offset: .seconds(2)))
        defer { ahead.stop() }
        let (workspace, root) = try workspace(paper: "clock: {servers: [\(ahead.server)], max_offset: 250ms}")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try await preflight(workspace)
        #expect(output.exitCode == .success)
        #expect(output.standardOutput.contains(/clock: offset \+(19|20)\d\d\.\dms \(delay \d+\.\dms\) from 127\.0\.0\.1:\d+ is beyond the 250ms maximum\n/),
                "\(output.standardOutput)")
        #expect(output.standardError == "preflight: warning: the clock check failed (see the clock line); paper trading "
            + "starts anyway, a live environment would be refused\n")
    }

    @Test func paperWithNothingListeningWarnsAndStarts() async throws {
        let port = try FreePort.closedUDP()
        let (workspace, root) = try workspace(paper: "clock: {servers: [127.0.0.1:\(port)], max_offset: 250ms}")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try await preflight(workspace)
        #expect(output == CommandOutput(
            standardOutput: """
                preflight: environment 'paper' (mode: paper) may start
                clock: no NTP server answered: 127.0.0.1:\(port): nothing listens there (connection refused)

                """,
            standardError: "preflight: warning: the clock check failed (see the clock line); paper trading starts "
                + "anyway, a live environment would be refused\n"))
    }

    @Test func liveIsRefusedWhenTheOffsetIsBeyondTheMaximum() async throws {
        let ahead = try SNTPResponder(.answer(offset: .seconds(2)))
        defer { ahead.stop() }
        let (workspace, root) = try workspace(live: "clock: {servers: [\(ahead.server)], max_offset: 100ms}")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try await preflight(workspace, Self.liveProcess)
        #expect(output.exitCode == .liveGuardRefused)
        let lines = output.standardError.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == "preflight: refusing to start environment 'live' (mode: live):")
        #expect(lines[1].contains(/^  - the clock check failed: offset \+(19|20)\d\d\.\dms \(delay \d+\.\dms\) from 127\.0\.0\.1:\d+ is beyond the 100ms maximum \(clock.max_offset\)$/),
                "\(lines[1])")
        #expect(lines[2] == "")
        #expect(output.standardOutput.hasPrefix("clock: offset +"))
    }

    @Test func liveIsRefusedWhenNoServerAnswersWithinTheTimeout() async throws {
        let silent = try SNTPResponder(.silent)
        defer { silent.stop() }
        let (workspace, root) = try workspace(live: "clock: {servers: [\(silent.server)], max_offset: 100ms}")
        defer { try? FileManager.default.removeItem(at: root) }
        let (output, elapsed) = try await OwnThread.run {
            let clock = ContinuousClock()
            let started = clock.now
            let output = workspace.preflight(requestedEnvironment: nil, processEnvironment: Self.liveProcess)
            return (output, started.duration(to: clock.now))
        }
        #expect(elapsed >= .seconds(1) && elapsed < .seconds(60), "the check waits for the client's 1 s timeout, and is bounded")
        #expect(output == CommandOutput(
            standardOutput: "clock: no NTP server answered: \(silent.server): no answer within 1000ms\n",
            standardError: """
                preflight: refusing to start environment 'live' (mode: live):
                  - the clock check failed: no NTP server answered: \(silent.server): no answer within 1000ms (clock.servers)

                """,
            exitCode: .liveGuardRefused))
    }

    @Test func liveWithoutAnyServerIsRefused() async throws {
        let (workspace, root) = try workspace(live: "clock: {max_offset: 100ms}")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try await preflight(workspace, Self.liveProcess)
        #expect(output.exitCode == .liveGuardRefused)
        #expect(output.standardOutput == "clock: not checked: no NTP server is configured (clock.servers)\n")
        #expect(output.standardError.contains("  - the clock check has no NTP server to ask (clock.servers is empty)"))
    }

    @Test func liveWithAGoodClockMayStartAsFarAsTheClockGoes() async throws {
        let responder = try SNTPResponder(.answer(offset: .zero))
        defer { responder.stop() }
        let (workspace, root) = try workspace(live: "clock: {servers: [\(responder.server)], max_offset: 100ms}")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try await preflight(workspace, Self.liveProcess)
        #expect(output.exitCode == .success)
        #expect(output.standardError == "")
        #expect(output.standardOutput.contains(/^preflight: environment 'live' \(mode: live\) may start\nclock: offset [+-]\d+\.\dms \(delay \d+\.\dms\) from 127\.0\.0\.1:\d+, max 100ms\n$/))
    }
}

/// `runner preflight` as an operator runs it: the built binary, its exit status and streams.
@Suite struct ClockPreflightBinaryTests {
    static let binary = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("runner")

    /// Runs `runner preflight --root root` with `environment`, on a thread of its own; (status, stdout, stderr).
    func preflight(_ root: URL, _ environment: [String: String]) async throws -> (Int32, String, String) {
        try await OwnThread.run {
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["preflight", "--root", root.path]
            process.environment = ChildEnvironment.minimal.merging(environment) { $1 }
            let (output, errors) = (Pipe(), Pipe())
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let out = output.fileHandleForReading.readToEndRetryingInterrupts()
            let err = errors.fileHandleForReading.readToEndRetryingInterrupts()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
        }
    }

    @Test func aLiveClockTwoSecondsOffExitsThreeAndAPaperOneStarts() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the runner binary first")
        let ahead = try SNTPResponder(.answer(offset: .seconds(2)))
        defer { ahead.stop() }
        let root = try Repository.scratchCopy(edits: [
            "environments/paper.yaml": [("servers: [127.0.0.1:123]", "servers: [\(ahead.server)]")],
            "environments/live.yaml": [("servers: [127.0.0.1:123]", "servers: [\(ahead.server)]")],
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let (liveStatus, liveOut, liveErr) = try await preflight(root, ClockPreflightTests.liveProcess)
        #expect(liveStatus == 3)
        #expect(liveOut.hasPrefix("clock: offset +"))
        #expect(liveErr.contains("  - the clock check failed: offset +"), "\(liveErr)")
        #expect(liveErr.contains("is beyond the 100ms maximum (clock.max_offset)"), "\(liveErr)")
        let (paperStatus, paperOut, paperErr) = try await preflight(root, [:])
        #expect(paperStatus == 0)
        #expect(paperOut.contains("preflight: environment 'paper' (mode: paper) may start\nclock: offset +"))
        #expect(paperErr.hasPrefix("preflight: warning: the clock check failed"))
    }
}
