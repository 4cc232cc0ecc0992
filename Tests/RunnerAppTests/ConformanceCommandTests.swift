import Foundation
import RunnerTesting
import Testing

/// `runner conformance -- COMMAND`: the example adapter passes every check (golden output), a broken one
/// fails with exit status 1 and says why. Needs the built binary and python3.
@Suite struct ConformanceCommandTests {
    /// Runs `runner conformance -- ADAPTER` from the repository; its exit status and standard output.
    private func conformance(_ adapter: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = RunnerProcesses.binary
        process.arguments = ["conformance", "--reply-timeout", "2", "--"] + adapter
        process.environment = ChildEnvironment.minimal
        process.currentDirectoryURL = Repository.root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return try await OwnThread.run {
            let text = String(decoding: output.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
    }

    @Test func theExampleAdapterPassesEveryCheckAndPrintsItsGoldenReport() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: RunnerProcesses.binary.path), "build the runner binary first")
        let (status, output) = try await conformance(
            ["python3", "examples/adapters/paper_adapter.py", "--prices", "AAPL=190.25", "--fee", "0.35"])
        #expect(status == 0, "\(output)")
        #expect(output == (try Repository.golden("conformance-paper-example.txt", actual: output)))
    }

    @Test func anAdapterThatFailsAChecksExitsWithStatusOneAndSaysWhy() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: RunnerProcesses.binary.path), "build the runner binary first")
        // Speaks protocol 2 only: every check fails at hello.
        let (status, output) = try await conformance(
            ["python3", "Tests/RunnerBrokerProcessTests/Fixtures/wrong_version.py"])
        #expect(status == 1, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "FAIL hello: the adapter did not connect: the broker adapter failed: the adapter 'future' speaks protocol versions [2]; this runner speaks version 1"
        )
        #expect(lines.last?.hasPrefix("11 checks: 0 passed, 11 failed (hello, ") == true, "\(output)")
    }
}
