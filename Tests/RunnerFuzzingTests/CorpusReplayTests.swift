import Foundation
import RunnerFuzzing
import Testing

/// The fuzz targets' seed corpora (the examples, the broken fixtures and every reproducer found so far)
/// run through the same code as the fuzzers: each input ends in diagnostics or a valid file, never a crash.
@Suite struct CorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus")

    static func inputs(_ folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(folder).path)) ?? []
        return names.sorted()
    }

    static func bytes(_ folder: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: corpus.appendingPathComponent("\(folder)/\(name)")))
    }

    @Test func theCorporaHoldTheExamplesAndTheReproducers() {
        #expect(Self.inputs("yaml").count >= 90)
        #expect(Self.inputs("yaml").filter { $0.hasPrefix("r") }.count >= 14)
        #expect(Self.inputs("expressions").filter { $0.hasPrefix("r-") }.count >= 9)
    }

    @Test(arguments: inputs("yaml"))
    func eachYAMLInputLoads(name: String) throws {
        let bytes = try Self.bytes("yaml", name)
        let diagnostics = FuzzTargets.yamlLoader(bytes)
        // Loaded as each of the three kinds, a file is always the wrong kind at least twice.
        #expect(diagnostics >= 2)
    }

    @Test(arguments: inputs("expressions"))
    func eachExpressionInputChecks(name: String) throws {
        _ = FuzzTargets.expressions(try Self.bytes("expressions", name))
    }

    @Test(arguments: [("r-willr.txt", 0), ("r-period-1e5.txt", 1), ("r-lookback.txt", 1)])
    func reproducersKeepTheirDiagnostics(name: String, expected: Int) throws {
        #expect(FuzzTargets.expressions(try Self.bytes("expressions", name)) == expected)
    }
}
