import Foundation
import RunnerCore
import RunnerDiagnostics
import Testing

@testable import RunnerSignals

@Suite struct CSVMarketDataTests {
    static let header = "timestamp,symbol,open,high,low,close,volume\n"

    func reader(_ text: String, file: String = "bars.csv") throws -> CSVBarReader {
        try CSVBarReader(bytes: Array(text.utf8), file: file)
    }

    func results(_ text: String) throws -> [Result<Bar, MarketDataProblem>] {
        let reader = try reader(text)
        var results: [Result<Bar, MarketDataProblem>] = []
        while let result = reader.next() { results.append(result) }
        return results
    }

    func problems(_ text: String) throws -> [String] {
        try results(text).compactMap { if case .failure(let problem) = $0 { problem.description } else { nil } }
    }

    @Test func barsParseWithEitherTimestampFormInAnyColumnOrder() throws {
        let text = "symbol,close,timestamp,volume,low,high,open,extra\r\n"
            + "AAPL,101.5,2026-01-05T14:30:00Z,1200,100,102,100.5,x\r\n"
            + "AAPL,102,1767623460,900,101,102.5,101.5,y\r\n"
            + "MSFT,50.25,1767623460000,10,50,51,50.5,z\r\n\r\n"
        let bars = try results(text).map { try $0.get() }
        #expect(bars == [
            Bar(symbol: "AAPL", timestamp: 1_767_623_400_000, open: 100.5, high: 102, low: 100, close: 101.5, volume: 1200),
            Bar(symbol: "AAPL", timestamp: 1_767_623_460_000, open: 101.5, high: 102.5, low: 101, close: 102, volume: 900),
            Bar(symbol: "MSFT", timestamp: 1_767_623_460_000, open: 50.5, high: 51, low: 50, close: 50.25, volume: 10),
        ])
    }

    @Test(arguments: [
        ("2026-01-05", Int64(1_767_571_200_000)), ("2026-01-05T14:30Z", 1_767_623_400_000),
        ("2026-01-05 14:30:00.25", 1_767_623_400_250), ("2026-01-05T15:30:00+01:00", 1_767_623_400_000),
        ("2026-01-05T09:30:00-05:00", 1_767_623_400_000), ("1767623400", 1_767_623_400_000),
    ])
    func timestampsParse(_ text: String, _ expected: Int64) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { TimestampParser.parse($0) } == expected)
    }

    @Test(arguments: [
        "2026-13-01", "2026-01-05T25:00", "yesterday", "2026-01-05T14:30:00Q", "", "2026-02-30", "2025-02-29",
        "2026-01-05T14:30:00+99:99", "20260106",
    ])
    func badTimestampsAreRefused(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { TimestampParser.parse($0) } == nil)
    }

    @Test func everyBadRowIsReportedWithFileLineAndColumn() throws {
        let text = Self.header
            + "2026-01-05T14:30:00Z,AAPL,100,101,99,100.5,10\n"
            + "2026-01-05T14:31:00Z,AAPL,100,101,99\n"
            + "2026-01-05T14:31:00Z,AAPL,100,101,99,abc,10\n"
            + "2026-01-05T14:31:00Z,AAPL,100,101,99,-1,10\n"
            + "2026-01-05T14:30:00Z,AAPL,100,101,99,100,10\n"
            + "2026-01-05T14:32:00Z,AAPL,100,98,99,100,10\n"
            + "soon,AAPL,100,101,99,100,10\n"
            + "2026-01-05T14:33:00Z,,100,101,99,100,10\n"
        #expect(try problems(text) == [
            "bars.csv:3:1: error: the row has 5 fields but the header has 7",
            "bars.csv:4:38: error: close 'abc' is not a decimal number",
            "bars.csv:5:38: error: close -1 is outside the prices read (above 0, at most 1e9)",
            "bars.csv:6:1: error: 2026-01-05T14:30:00Z is not after the previous AAPL bar",
            "bars.csv:7:31: error: the high 98 is below the low 99",
            "bars.csv:8:1: error: 'soon' is not a timestamp (ISO-8601 or epoch seconds/milliseconds)",
            "bars.csv:9:22: error: the symbol is empty",
        ])
    }

    @Test func aMissingColumnRefusesTheWholeFile() {
        #expect(throws: MarketDataProblem(
            .missingColumn, at: RunnerDiagnostics.SourceLocation(file: "bars.csv", line: 1, column: 1),
            "the header has no 'volume' column; it needs timestamp,symbol,open,high,low,close,volume")
        ) {
            _ = try reader("timestamp,symbol,open,high,low,close\n")
        }
    }

    @Test func skipPolicyCountsBadRowsAndStopPolicyThrowsTheFirst() throws {
        let text = Self.header + "1767623400,AAPL,1,2,0.5,1,10\n1767623400,AAPL,1,2,0.5,1,10\nbad,AAPL,1,2,0.5,1,1\n"
            + "1767623460,AAPL,1,2,0.5,1.5,10\n"
        var skipping = CSVMarketDataSource(readers: [try reader(text)], policy: .skip)
        var closes: [Double] = []
        while let bar = try skipping.next() { closes.append(bar.close) }
        #expect(closes == [1, 1.5])
        #expect(skipping.problems.summary == "skipped 2 rows: 1 malformed-row, 1 non-monotonic-timestamp")
        var stopping = CSVMarketDataSource(readers: [try reader(text)], policy: .stop)
        _ = try stopping.next()
        #expect(throws: MarketDataProblem.self) { _ = try stopping.next() }
    }

    @Test func aFolderOfPerSymbolFilesIsMergedInTimeOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bars-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try (Self.header + "1767623460,MSFT,1,1,1,1,1\n1767623580,MSFT,1,1,1,1,1\n").write(
            to: folder.appendingPathComponent("MSFT.csv"), atomically: true, encoding: .utf8)
        try (Self.header + "1767623460,AAPL,1,1,1,1,1\n1767623520,AAPL,1,1,1,1,1\n").write(
            to: folder.appendingPathComponent("AAPL.csv"), atomically: true, encoding: .utf8)
        try "not market data".write(to: folder.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        var source = try CSVMarketDataSource(path: folder.path)
        var order: [String] = []
        while let bar = try source.next() { order.append("\(bar.symbol)@\(bar.timestamp / 1000 - 1_767_623_400)") }
        #expect(order == ["AAPL@60", "MSFT@60", "AAPL@120", "MSFT@180"])
    }

    @Test func quotedFieldsAByteOrderMarkAndPaddedSymbolsAreRead() throws {
        let text = "\u{FEFF}\"timestamp\",\"symbol\",open,high,low,close,volume\n"
            + "1767623400,\"BRK.B\",1,2,0.5,1,10\n"
            + "1767623460, BRK.B ,1,2,0.5,1.5,10\n"
            + "1767623400,\" BRK.B\",1,2,0.5,1,10\n"
        let results = try results(text)
        #expect(try results[0].get().symbol == "BRK.B")
        #expect(try results[1].get().symbol == "BRK.B")
        // The padded spelling is the same symbol, so going back in time is caught.
        guard case .failure(let problem) = results[2] else {
            Issue.record("expected the third row to be refused")
            return
        }
        #expect(problem.kind == .nonMonotonicTimestamp)
    }

    @Test func symbolsMustLookLikeSymbols() throws {
        let text = Self.header + "1767623400,aapl,1,2,0.5,1,10\n1767623400,   ,1,2,0.5,1,10\n"
        #expect(try problems(text) == [
            "bars.csv:2:12: error: 'aapl' is not a symbol: capital letters, digits, '.', '-', '/' and '_', like 'AAPL'",
            "bars.csv:3:12: error: the symbol is empty",
        ])
    }

    @Test func aFileMustBeInTimeOrderAcrossSymbols() throws {
        let text = Self.header + "1767623400,AAPL,1,2,0.5,1,10\n1767623460,AAPL,1,2,0.5,1,10\n"
            + "1767623400,MSFT,1,2,0.5,1,10\n1767623460,MSFT,1,2,0.5,1,10\n"
        #expect(try problems(text) == [
            "bars.csv:4:1: error: 1767623400 is before the previous row; rows must be in time order"
        ])
    }

    @Test func aBarInTwoFilesIsDeliveredOnce() throws {
        let first = try reader(Self.header + "1767623400,AAPL,1,2,0.5,1,10\n", file: "a.csv")
        let second = try reader(Self.header + "1767623400,AAPL,1,2,0.5,1,10\n1767623460,AAPL,1,2,0.5,2,10\n",
                                file: "b.csv")
        var source = CSVMarketDataSource(readers: [first, second])
        var closes: [Double] = []
        while let bar = try source.next() { closes.append(bar.close) }
        #expect(closes == [1, 2])
        #expect(source.problems.reports.map(\.description) == [
            "b.csv:2:1: error: this AAPL bar repeats the one at the same time in a.csv:2:1"
        ])
    }
}

/// What a merge of several files, and a replay as a whole, make of data that disagrees with itself.
@Suite struct CSVMergeProblemTests {
    static let header = CSVMarketDataTests.header

    func reader(_ text: String, _ file: String) throws -> CSVBarReader {
        try CSVBarReader(bytes: Array((Self.header + text).utf8), file: file)
    }

    @Test(arguments: [
        ("1767623400,AAPL,1,2,0.5,1.5,10\n", "close 1.5 here, 1.0 there"),
        ("1767623400,AAPL,1,2,0.5,1,11\n", "volume 11.0 here, 10.0 there"),
        ("1767623400,AAPL,1.5,2,0.5,1,10\n", "open 1.5 here, 1.0 there"),
    ])
    func theSameBarWithOtherValuesInTwoFilesIsAConflict(_ second: String, _ difference: String) throws {
        var source = CSVMarketDataSource(readers: [
            try reader("1767623400,AAPL,1,2,0.5,1,10\n", "a.csv"), try reader(second + "1767623460,AAPL,1,2,0.5,2,10\n", "b.csv"),
        ])
        var closes: [Double] = []
        while let bar = try source.next() { closes.append(bar.close) }
        #expect(closes == [1, 2])
        #expect(source.problems.reports.map(\.description) == [
            "b.csv:2:1: error: this AAPL bar conflicts with the one at the same time in a.csv:2:1 (\(difference)); "
                + "the first one read is kept"
        ])
        #expect(source.problems.counts[.conflictingBar] == 1)
        var stopping = CSVMarketDataSource(readers: [
            try reader("1767623400,AAPL,1,2,0.5,1,10\n", "a.csv"), try reader(second, "b.csv"),
        ], policy: .stop)
        _ = try stopping.next()
        #expect(throws: MarketDataProblem.self) { _ = try stopping.next() }
    }

    @Test(arguments: [BadRowPolicy.skip, .stop])
    func aUniverseSymbolWithoutDataIsAProblem(_ policy: BadRowPolicy) throws {
        var source = CSVMarketDataSource(readers: [try reader("1767623400,AAPL,1,2,0.5,1,10\n", "a.csv")], policy: policy,
                                         path: "data", universe: ["AAPL", "MSFT", "TSLA"])
        _ = try source.next()
        if policy == .stop {
            #expect(throws: MarketDataProblem.self) { _ = try source.next() }
        } else {
            #expect(try source.next() == nil)
        }
        #expect(source.problems.reports.map(\.description) == [
            "data:1:1: error: MSFT is in a strategy's universe, but the market data holds no bar for it",
            "data:1:1: error: TSLA is in a strategy's universe, but the market data holds no bar for it",
        ].prefix(policy == .stop ? 2 : 2).map { $0 })
    }

    @Test(arguments: [(0, 0, "the market data holds no bars"), (0, 3, "no usable bar (3 problems with it"), (2, 3, "most of the market data was skipped: 2 bars read, 3 problems"),
                      (3, 3, nil), (10, 1, nil)] as [(Int, Int, String?)])
    func aReplayOfMostlyUnreadableDataFails(_ bars: Int, _ skipped: Int, _ expected: String?) {
        let failure = MarketDataProblemLog.failure(bars: bars, skipped: skipped)
        if let expected {
            #expect(failure?.contains(expected) == true, "\(failure ?? "nil")")
        } else {
            #expect(failure == nil)
        }
    }

    @Test(arguments: [0, 5, 20, 21, 150])
    func onlyTheFirstProblemsArePrintedAndTheRestCounted(_ count: Int) {
        var log = MarketDataProblemLog()
        for line in 0..<count {
            log.record(MarketDataProblem(.malformedRow, at: .init(file: "a.csv", line: line + 2, column: 1), "bad"))
        }
        let lines = log.reportLines(limit: 20)
        #expect(lines.count == min(count, 20) + (count > 20 ? 1 : 0))
        if count > 20 {
            #expect(lines.last == "... and \(count - 20) more problem\(count - 20 == 1 ? "" : "s") with the market data")
        }
    }
}
