import Foundation
import RunnerConfig
import RunnerDiagnostics
import Testing

/// Each broken fixture reports exactly the diagnostics in its `expected.txt`: file, line, column, message.
@Suite struct BrokenConfigGoldenTests {
    @Test func theBaseFixtureIsValid() {
        let configuration = FixtureConfig.load(FixtureConfig.baseFiles())
        #expect(configuration.diagnostics.map(\.description) == [])
        #expect(configuration.environments["paper"] != nil)
    }

    @Test func thereAreBrokenCases() {
        #expect(FixtureConfig.brokenCases.count >= 40)
    }

    @Test(arguments: FixtureConfig.brokenCases)
    func brokenCaseReportsExactlyTheExpectedDiagnostics(_ name: String) throws {
        let configuration = FixtureConfig.load(FixtureConfig.files(forCase: name))
        let actual = configuration.diagnostics.map { "\($0)\n" }.joined()
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            let path = FixtureConfig.goldenSourcePath(forCase: name)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try #require(FixtureConfig.expected(forCase: name), "broken/\(name)/expected.txt is missing")
        #expect(actual == expected)
        #expect(!configuration.isValid, "a broken fixture must produce at least one error")
    }
}

extension FixtureConfig {
    /// The fixture in the source tree (not the copy in the test bundle), for `UPDATE_GOLDEN=1`.
    static func goldenSourcePath(forCase name: String, file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/broken/\(name)/expected.txt").path
    }
}
