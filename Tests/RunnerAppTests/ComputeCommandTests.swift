import Foundation
import RunnerApp
import RunnerCore
import RunnerSignals
import Testing

@Suite struct ComputeCommandTests {
    static let bars = """
        timestamp,symbol,open,high,low,close,volume
        2026-01-05T14:30:00Z,AAPL,1,2,0.5,1,10
        2026-01-05T14:30:00Z,MSFT,1,20,0.5,10,10
        2026-01-05T14:31:00Z,AAPL,1,2,0.5,2,10
        2026-01-05T14:31:00Z,MSFT,1,25,0.5,20,10
        2026-01-05T14:32:00Z,AAPL,1,2,0.5,x,10
        1767623580,AAPL,1,4,0.5,4,10

        """

    func compute(_ expressions: [String], policy: BadRowPolicy = .skip) throws -> (CommandOutput, String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bars-\(UUID().uuidString).csv")
        try Self.bars.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let collected = Collected()
        let output = Workspace().compute(input: file.path, expressions: expressions, policy: policy) { bytes in
            collected.bytes.append(contentsOf: bytes)
        }
        return (CommandOutput(standardOutput: output.standardOutput,
                              standardError: output.standardError.replacingOccurrences(of: file.path, with: "bars.csv"),
                              exitCode: output.exitCode),
                String(decoding: collected.bytes, as: UTF8.self))
    }

    final class Collected: @unchecked Sendable { var bytes: [UInt8] = [] }

    @Test func eachSymbolHasItsOwnStateAndWarmUpCellsAreEmpty() throws {
        let (output, csv) = try compute(["sma(close, 2)", "close > close[1]", "close / (close - 2)"])
        #expect(output.exitCode == .success)
        #expect(csv == """
            timestamp,symbol,"sma(close, 2)",close > close[1],close / (close - 2)
            2026-01-05T14:30:00Z,AAPL,,,-1
            2026-01-05T14:30:00Z,MSFT,,,1.25
            2026-01-05T14:31:00Z,AAPL,1.5,true,
            2026-01-05T14:31:00Z,MSFT,15,true,1.1111111111111112
            1767623580,AAPL,3,true,2

            """)
        #expect(output.standardError == """
            bars.csv:6:35: error: close 'x' is not a decimal number
            bars.csv: skipped 1 row: 1 malformed-row

            """)
    }

    @Test func stopPolicyEndsAtTheFirstBadRow() throws {
        let (output, csv) = try compute(["close"], policy: .stop)
        #expect(output.exitCode == .configurationErrors)
        #expect(output.standardError == "bars.csv:6:35: error: close 'x' is not a decimal number\n")
        #expect(csv.split(separator: "\n").count == 5)
    }

    @Test func badExpressionsAreDiagnosedAtTheirColumnBeforeAnyRowIsRead() throws {
        let (output, csv) = try compute(["emaa(close, 3)", "close >", "bbands(close, 5, 2)"])
        #expect(output.exitCode == .configurationErrors)
        #expect(csv.isEmpty)
        #expect(output.standardError == """
            expression 1:1:1: error: unknown function 'emaa' (did you mean 'ema'?)
            emaa(close, 3)
            ^
            expression 2:1:7: error: expected an operand after '>', but the expression ends there
            close >
                  ^
            expression 3:1:1: error: 'bbands(close, 5, 2)' has several outputs (upper, middle, lower); choose one, as in 'bbands(close, 5, 2).upper'
            bbands(close, 5, 2)
            ^

            """)
    }

    @Test func aFolderIsRefusedAsAFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("compute-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = Workspace().compute(input: folder.path, expressions: ["close"], policy: .skip) { _ in }
        #expect(output.exitCode == .configurationErrors)
        #expect(output.standardError == "\(folder.path):1:1: error: '\(folder.path)' is a folder; give one CSV file\n")
    }

    @Test(arguments: [
        ("timestamp,symbol,open,high,low,close,volume\n", "error: the market data holds no bars"),
        ("Date,Symbol,Open,High,Low,Close,Volume\n", "the header has no 'timestamp' column"),
        ("timestamp,symbol,open,high,low,close,volume\n01/05/2026,AAPL,1,2,0.5,1,10\n01/06/2026,AAPL,1,2,0.5,1,10\n",
         "error: the market data gave no usable bar (2 problems with it"),
        ("timestamp,symbol,open,high,low,close,volume\n1767623400,AAPL,1,2,0.5,1,10\nx,AAPL,1,2,0.5,1,10\ny,AAPL,1,2,0.5,1,10\n",
         "error: most of the market data was skipped: 1 bar read, 2 problems"),
    ])
    func aComputationOverMostlyUnreadableDataFails(_ text: String, _ expected: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bars-\(UUID().uuidString).csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = Workspace().compute(input: file.path, expressions: ["close"], policy: .skip) { _ in }
        #expect(output.exitCode == .configurationErrors)
        #expect(output.standardError.contains(expected), "\(output.standardError)")
    }
}
