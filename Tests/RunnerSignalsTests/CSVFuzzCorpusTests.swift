import Foundation
import RunnerFuzzing
import Testing

/// The CSV fuzz target's corpus (the sample data's first rows and every reproducer found so far, in
/// `Fuzz/Corpus/csv/`), replayed through the same harness the fuzzer runs: no crash, no impossible bar, and
/// the same outcomes from memory as from a file read through small windows.
@Suite struct CSVFuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus/csv")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).sorted()
    }

    @Test func theCorpusHoldsTheSamplesAndTheReproducers() {
        #expect(Self.files.count >= 20)
        #expect(Self.files.contains("unclosed-quote-last-row.csv"))
        #expect(Self.files.contains { $0.hasPrefix("sample-") })
    }

    @Test(arguments: files)
    func everyCorpusInputKeepsTheReadersPromises(_ name: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Self.corpus.appendingPathComponent(name).path))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(CSVFuzzHarness.brokenPromise(Array(data), scratch: folder.appendingPathComponent("AAPL.csv").path) == nil)
    }
}
