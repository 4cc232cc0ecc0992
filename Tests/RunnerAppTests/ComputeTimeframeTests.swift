import Foundation
import RunnerApp
import RunnerCore
import Testing

/// `runner compute --timeframe`: higher timeframes built from the input rows.
@Suite struct ComputeTimeframeTests {
    static let bars = """
        timestamp,symbol,open,high,low,close,volume
        2026-01-05T14:30:00Z,AAPL,1,2,0.5,1,10
        2026-01-05T14:31:00Z,AAPL,1,7,0.5,2,10
        2026-01-05T14:32:00Z,AAPL,1,4,0.5,3,10
        2026-01-05T14:33:00Z,AAPL,1,5,0.5,4,10
        2026-01-05T14:34:00Z,AAPL,1,6,0.5,5,10
        2026-01-05T14:35:00Z,AAPL,1,9,0.5,6,10

        """

    func compute(_ expressions: [String], timeframe: String?) throws -> (CommandOutput, String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bars-\(UUID().uuidString).csv")
        try Self.bars.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let collected = ComputeCommandTests.Collected()
        let output = Workspace().compute(
            input: file.path, expressions: expressions, policy: .stop, timeframe: timeframe
        ) { bytes in collected.bytes.append(contentsOf: bytes) }
        return (output, String(decoding: collected.bytes, as: UTF8.self))
    }

    @Test func aHigherTimeframeIsReadOnceItsLastRowIsIn() throws {
        let (output, csv) = try compute(["close@5m", "high@5m", "close - close@5m"], timeframe: "1m")
        #expect(output.exitCode == .success)
        #expect(output.standardError == "")
        #expect(csv == """
            timestamp,symbol,close@5m,high@5m,close - close@5m
            2026-01-05T14:30:00Z,AAPL,,,
            2026-01-05T14:31:00Z,AAPL,,,
            2026-01-05T14:32:00Z,AAPL,,,
            2026-01-05T14:33:00Z,AAPL,,,
            2026-01-05T14:34:00Z,AAPL,5,7,0
            2026-01-05T14:35:00Z,AAPL,5,7,1

            """)
    }

    @Test func withoutTheBarsTimeframeAHigherOneIsRefusedAtItsAt() throws {
        let (output, csv) = try compute(["close + close@5m"], timeframe: nil)
        #expect(output.exitCode == .configurationErrors)
        #expect(csv.isEmpty)
        #expect(output.standardError == """
            expression 1:1:14: error: '@5m' builds 5m bars from the input's bars, so it needs their own timeframe; \
            give it with --timeframe, such as '--timeframe 5m'
            close + close@5m
                         ^

            """)
    }

    @Test func aTimeframeTheRowsCannotBuildIsRefused() throws {
        let (output, _) = try compute(["close@90s"], timeframe: "1m")
        #expect(output.exitCode == .configurationErrors)
        #expect(output.standardError.hasPrefix(
            "expression 1:1:6: error: '@90s' is not a whole multiple of the bars' timeframe given by --timeframe (1m)"))
    }

    @Test func aMalformedTimeframeOptionIsRefused() throws {
        let (output, csv) = try compute(["close"], timeframe: "5x")
        #expect(output.exitCode == .configurationErrors)
        #expect(csv.isEmpty)
        #expect(output.standardError
            == "error: --timeframe: '5x' is not a duration; write it like `30s`, `5m`, `250ms` or `1h`\n")
    }
}
