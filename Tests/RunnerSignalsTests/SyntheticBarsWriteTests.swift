import Foundation
import RunnerCore
import RunnerSignals
import Testing

/// `runner data generate` never replaces a CSV file (the bundled sample's included) unless asked to.
@Suite struct SyntheticBarsWriteTests {
    private func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bars-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(arguments: [["AAPL"], ["MSFT", "AAPL"], ["AAPL", "MSFT", "NVDA", "XOM", "JPM", "IBM"]])
    func anExistingFileIsNotReplacedWithoutBeingAsked(symbols: [String]) throws {
        let output = try folder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let mine = output + "/AAPL.csv"
        try "timestamp,symbol,open,high,low,close,volume\nmy own data\n".write(toFile: mine, atomically: true, encoding: .utf8)
        let bars = SyntheticBars(symbols: symbols.map { Symbol($0) }, days: 1)
        #expect(throws: SyntheticBarsError.wouldReplace([mine])) { try bars.write(to: output) }
        #expect(try String(contentsOfFile: mine, encoding: .utf8).hasSuffix("my own data\n"))
        // Nothing else was written either.
        #expect(try FileManager.default.contentsOfDirectory(atPath: output) == ["AAPL.csv"])
        let written = try bars.write(to: output, replacing: true)
        #expect(written.count == symbols.count)
        #expect(try !String(contentsOfFile: mine, encoding: .utf8).contains("my own data"))
    }

    @Test(arguments: [(0, 1), (10_001, 1), (5_000, 100)])
    func daysAndSymbolsAreBounded(days: Int, symbolCount: Int) throws {
        let output = try folder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let bars = SyntheticBars(symbols: (0..<symbolCount).map { Symbol("S\($0)") }, days: days)
        #expect(throws: SyntheticBarsError.self) { try bars.write(to: output) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: output).isEmpty)
    }
}
