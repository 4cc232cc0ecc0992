#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import RunnerClock
import RunnerTesting
import Testing

/// The client against a real NTP server: `chronyd` in the foreground, serving on a free loopback port from
/// its own clock (`local stratum 8`) without touching the system's. In CI (`CI=true`) a missing chronyd
/// fails the test; elsewhere the test is skipped without it.
@Suite struct ChronyInteropTests {
    static let executable = ["/usr/sbin/chronyd", "/usr/bin/chronyd", "/sbin/chronyd", "/usr/local/sbin/chronyd"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(.enabled(if: executable != nil || inCI, "chronyd is not installed (apt-get install -y chrony)"))
    func aRealChronydServesAnOffsetNearZero() async throws {
        let chronyd = try #require(Self.executable, "chronyd is not installed; CI installs chrony (.ci/run)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chrony-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = try FreePort.udp()
        let configuration = """
            port \(port)
            bindaddress 127.0.0.1
            allow 127.0.0.1
            local stratum 8
            cmdport 0
            driftfile \(folder.path)/drift
            pidfile \(folder.path)/chronyd.pid

            """
        try configuration.write(to: folder.appendingPathComponent("chrony.conf"), atomically: true, encoding: .utf8)
        let log = folder.appendingPathComponent("chronyd.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chronyd)
        // -x: never adjust the system clock; -d: foreground, log to stderr; -t 300: exit after five minutes
        // whatever happens to this test; as root, stay root (the temp folder is ours), otherwise -U lets
        // an ordinary user run it.
        process.arguments = ["-x", "-d", "-t", "300", "-f", folder.appendingPathComponent("chrony.conf").path]
            + (geteuid() == 0 ? ["-u", "root"] : ["-U"])
        process.environment = ChildEnvironment.minimal
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let pid = process.processIdentifier
        // SIGKILL, not SIGTERM: a child spawned from a test thread inherits its blocked signals, SIGTERM
        // among them, and chronyd -x has nothing to save.
        defer {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        let server = NTPServer(host: "127.0.0.1", port: port)
        let client = SNTPClient(timeout: .milliseconds(200))
        // Wait, with a bound, until it answers: it binds its port a moment after it starts.
        let sample: ClockSample? = try await OwnThread.run {
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(10)
            while clock.now < deadline, process.isRunning {
                if case .success(let sample) = client.query([server])[0] { return sample }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return nil
        }
        let logText = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let measured = try #require(sample, "chronyd did not answer on 127.0.0.1:\(port) within 10 s; its log:\n\(logText)")
        #expect(abs(measured.offsetNanoseconds) < 1_000_000_000, "\(measured)")
        #expect(measured.delayNanoseconds < 1_000_000_000, "\(measured)")
        // And the whole check, as preflight runs it.
        let verdict = try await OwnThread.run { ClockCheck(servers: [server], maxOffset: .seconds(1), client: client).run() }
        #expect(verdict.isAcceptable, "\(verdict)")
    }
}
