import Foundation
import RunnerCore
import Testing

@testable import RunnerSignals

/// Files written to break the reader: quotes left open, lines without end, values that only look like
/// numbers. Each is read from memory and from disk through windows of several sizes, and must give the
/// same located problems without crashing or holding more than a line.
@Suite struct CSVHostileInputTests {
    static let header = "timestamp,symbol,open,high,low,close,volume\n"

    /// Every outcome of reading `text` (bars as `SYMBOL@seconds close`, problems as printed), from memory
    /// and from a file through each window; the test fails when they differ.
    func outcomes(_ text: String, options: CSVReadOptions = .standard, file: String = "bars.csv") throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(file).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let whole = Self.read(try CSVBarReader(bytes: Array(text.utf8), file: path, options: options))
        for window in [64, 100, 4096] {
            let windowed = Self.read(try CSVBarReader(path: path, options: options, windowSize: window))
            #expect(windowed == whole, "window \(window)")
        }
        return whole.map { $0.replacingOccurrences(of: folder.path + "/", with: "") }
    }

    static func read(_ reader: CSVBarReader) -> [String] {
        var seen: [String] = []
        while let result = reader.next() {
            switch result {
            case .success(let bar): seen.append("\(bar.symbol)@\(bar.timestamp / 1000) \(bar.close)")
            case .failure(let problem): seen.append(problem.description)
            }
        }
        return seen
    }

    @Test(arguments: [
        "1767623460,AAPL,1,2,0.5,\"1.5,10",  // the last row, no line break
        "1767623460,AAPL,1,2,0.5,\"1.5,10\n",
        "1767623460,\"AAPL,1,2,0.5,1.5,10\n",
        "\"1767623460,AAPL,1,2,0.5,1.5,10",
        "1767623460,AAPL,1,2,0.5,1.5,\"",
    ])
    func aQuoteLeftOpenIsABadRowNeverARunawayRead(_ last: String) throws {
        let text = Self.header + "1767623400,AAPL,1,2,0.5,1,10\n" + last
        let seen = try outcomes(text)
        #expect(seen.count == 2)
        #expect(seen.first == "AAPL@1767623400 1.0")
        #expect(seen.last?.hasPrefix("bars.csv:3:") == true)
        #expect(seen.last?.hasSuffix("the quote opened here is not closed before the end of the line") == true)
    }

    @Test func aQuoteLeftOpenEndsAtItsLineAndTheNextRowsAreRead() throws {
        let text = Self.header + "1767623400,\"AAPL,1,2,0.5,1,10\n1767623460,AAPL,1,2,0.5,1.5,10\n"
            + "1767623520,\"AA\"PL,1,2,0.5,1.5,10\n"
        #expect(try outcomes(text) == [
            "bars.csv:2:12: error: the quote opened here is not closed before the end of the line",
            "AAPL@1767623460 1.5",
            "bars.csv:4:16: error: text follows a closing quote; a quoted field ends at its comma",
        ])
    }

    @Test(arguments: [128, 200, 1000])
    func aLineLongerThanTheMaximumIsABadRowAndTheRestIsRead(maximum: Int) throws {
        let long = "1767623460,AAPL,1,2,0.5,1.5,10," + String(repeating: "x", count: maximum * 3)
        let text = "timestamp,symbol,open,high,low,close,volume,note\n1767623400,AAPL,1,2,0.5,1,10,a\n" + long
            + "\n1767623520,AAPL,1,2,0.5,2,10,b\n"
        let seen = try outcomes(text, options: CSVReadOptions(layout: MarketDataLayout(maximumLineLength: maximum)))
        #expect(seen.count == 3)
        #expect(seen[0] == "AAPL@1767623400 1.0")
        #expect(seen[1].hasPrefix("bars.csv:3:1: error: the line is longer than \(maximum) bytes"))
        #expect(seen[2] == "AAPL@1767623520 2.0")
    }

    @Test(arguments: [0, 1, 5_000])
    func aFileWithoutLineBreaksIsRefusedWithinTheMaximum(extra: Int) throws {
        let text = String(repeating: "timestamp,", count: 1_000 + extra)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nobreak-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let options = CSVReadOptions(layout: MarketDataLayout(maximumLineLength: 1_024))
        #expect(throws: MarketDataProblem.self) { _ = try CSVBarReader(path: path, options: options) }
        do {
            _ = try CSVBarReader(path: path, options: options)
        } catch {
            #expect(error.message.hasPrefix("the header is longer than 1024 bytes"))
        }
    }

    @Test(arguments: [
        ("1767623460,AAPL,1,2,0.5,1.5,10,extra", "bars.csv:3:32: error: the row has 8 fields but the header has 7"),
        ("1767623460,AAPL,1,2,0.5,1.5,10,", "bars.csv:3:32: error: the row has 8 fields but the header has 7"),
        ("1767623460,AAPL,1,2,0.5,1.5", "bars.csv:3:1: error: the row has 6 fields but the header has 7"),
        ("1767623460,AAPL,1,2,0.5,1.5,10,,", "bars.csv:3:32: error: the row has 9 fields but the header has 7"),
    ])
    func aRowMustHaveAsManyFieldsAsTheHeader(_ row: String, _ expected: String) throws {
        let seen = try outcomes(Self.header + "1767623400,AAPL,1,2,0.5,1,10\n" + row + "\n")
        #expect(seen == ["AAPL@1767623400 1.0", expected])
    }

    @Test(arguments: ["0x10", "0X1A", "inf", "nan", "-inf", "infinity", "1e400", " 1 2", "1_000", "--1", "1.2.3", ".", "e5",
                      "1e", "\t5", "5\t", "0b101", "1e+", "١٢"])
    func onlyDecimalNumbersAreRead(_ volume: String) throws {
        let seen = try outcomes(Self.header + "1767623400,AAPL,1,2,0.5,1,\(volume)\n")
        #expect(seen.count == 1)
        #expect(seen[0].contains("is not a decimal number"))
    }

    @Test(arguments: [("1e5", 100_000.0), ("+7", 7), ("0.5e1", 5), (".5", 0.5), ("5.", 5), ("1E2", 100), (" 12 ", 12),
                      ("123456789012345680", 123_456_789_012_345_680)])
    func decimalNumbersInEveryWrittenFormAreRead(_ text: String, _ expected: Double) {
        let bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        #expect(bytes.withUnsafeBufferPointer { CSVNumber.parse($0) } == expected)
    }

    @Test(arguments: [
        ("0,0,0,0,0", "open 0 is outside the prices read (above 0, at most 1e9)"),
        ("1,2,0.5,1,1e20", "volume 1e20 is outside 0 to 1e15"),
        ("1,2,0.5,1,-1", "volume -1 is outside 0 to 1e15"),
        ("1,2e9,0.5,1,10", "high 2e9 is outside the prices read (above 0, at most 1e9)"),
        ("3,2,0.5,1,10", "the open 3 is outside the bar's low 0.5 and high 2"),
        ("0.4,2,0.5,1,10", "the open 0.4 is outside the bar's low 0.5 and high 2"),
        ("1,2,0.5,2.5,10", "the close 2.5 is outside the bar's low 0.5 and high 2"),
        ("1,2,0.5,0.25,10", "the close 0.25 is outside the bar's low 0.5 and high 2"),
        ("1,0.5,2,1,10", "the high 0.5 is below the low 2"),
        ("1,1,1,1,0", nil),
    ] as [(String, String?)])
    func pricesAndVolumesMustMakeABar(_ values: String, _ expected: String?) throws {
        let seen = try outcomes(Self.header + "1767623400,AAPL,\(values)\n")
        if let expected {
            #expect(seen.count == 1 && seen[0].hasPrefix("bars.csv:2:") && seen[0].hasSuffix(expected), "\(seen)")
        } else {
            #expect(seen == ["AAPL@1767623400 1.0"])
        }
    }

    @Test(arguments: ["1800-01-01", "2200-01-01T00:00:00Z", "9999-12-31", "0001-01-01"])
    func timesOutsideTheCenturiesReadAreRefused(_ timestamp: String) throws {
        let seen = try outcomes(Self.header + "\(timestamp),AAPL,1,2,0.5,1,10\n")
        #expect(seen == ["bars.csv:2:1: error: \(timestamp) is outside the times read (1900 to 2199)"])
    }

    @Test(arguments: [
        "timestamp,symbol,open,high,low,close,volume,close\n",
        "timestamp,symbol,open,high,low,close,volume,Volume\n",
        "timestamp,symbol,symbol,open,high,low,close,volume\n",
        "note,timestamp,symbol,open,high,low,close,volume,note\n",
    ])
    func aColumnNamedTwiceRefusesTheFile(_ header: String) {
        #expect(throws: MarketDataProblem.self) { _ = try CSVBarReader(bytes: Array(header.utf8), file: "bars.csv") }
        do {
            _ = try CSVBarReader(bytes: Array(header.utf8), file: "bars.csv")
        } catch {
            #expect(error.message.contains("twice"))
        }
    }

    @Test(arguments: ["\r", "\r\n", "\n"])
    func everyLineEndingIsRead(_ ending: String) throws {
        let text = ["timestamp,symbol,open,high,low,close,volume", "1767623400,AAPL,1,2,0.5,1,10",
                    "1767623460,AAPL,1,2,0.5,1.5,10", ""].joined(separator: ending)
        #expect(try outcomes(text) == ["AAPL@1767623400 1.0", "AAPL@1767623460 1.5"])
    }

    @Test func aFolderIsNotAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try CSVBarReader(path: folder.path)
            Issue.record("a folder was read as a file")
        } catch {
            #expect(error.message == "'\(folder.path)' is a folder; give one CSV file")
        }
    }
}
