import Foundation
import RunnerCore
import Testing

@testable import RunnerSignals

/// Files as other tools export them, read through the `market_data` layout settings.
@Suite struct CSVLayoutTests {
    func bars(_ text: String, _ layout: MarketDataLayout, file: String = "bars.csv",
              session: TradingSession = .utcDay) throws -> [String] {
        let reader = try CSVBarReader(bytes: Array(text.utf8), file: file,
                                      options: CSVReadOptions(layout: layout, session: session))
        var seen: [String] = []
        while let result = reader.next() {
            switch result {
            case .success(let bar): seen.append("\(bar.symbol)@\(bar.timestamp) \(bar.close) line \(reader.line)")
            case .failure(let problem): seen.append(problem.description)
            }
        }
        return seen
    }

    static let mapped = try! MarketDataLayout.columnMapping("timestamp=Date, close=Adj Close, volume=Vol").get()

    @Test(arguments: [
        "Date,Symbol,Open,High,Low,Close,Adj Close,Vol\n2026-01-05,AAPL,1,2,0.5,1.9,1.5,10\n",
        "Vol,Adj Close,Date,Open,Low,High,Symbol,Close\n10,1.5,2026-01-05,1,0.5,2,AAPL,1.9\n",
        "\"DATE\",\"symbol\",\"open\",\"HIGH\",\"low\",\"close\",\"adj close\",\"vol\"\r\n2026-01-05,AAPL,1,2,0.5,1.9,1.5,10\r\n",
    ])
    func columnsAreFoundByTheirMappedNamesInAnyOrderAndCase(_ text: String) throws {
        let layout = MarketDataLayout(columns: Self.mapped)
        #expect(try bars(text, layout) == ["AAPL@1767571200000 1.5 line 2"])
    }

    @Test(arguments: [
        ("timestamp=Date, stamp=Time", "'stamp=Time' is not 'field=Header Name'"),
        ("timestamp=Date, timestamp=Time", "'timestamp' is mapped twice"),
        ("open=Price, close=price", "'price' is the column of both 'open' and 'close'"),
        ("close=", "the header name for 'close' must be 1 to 128 characters without quotes"),
        ("close", "'close' is not 'field=Header Name'"),
    ])
    func aColumnMappingThatCannotBeUsedIsRefused(_ text: String, _ expected: String) {
        guard case .failure(let error) = MarketDataLayout.columnMapping(text) else {
            Issue.record("'\(text)' was accepted")
            return
        }
        #expect(error.description.hasPrefix(expected))
    }

    @Test func aMissingColumnSaysHowToMapIt() {
        let cases = [
            ("Date,symbol,open,high,low,close,volume\n", "set market_data.columns: \"timestamp=date\""),
            ("timestamp,Ticker,open,high,low,close,volume\n", "set market_data.columns: \"symbol=ticker\""),
            ("timestamp,open,high,low,close,volume\n", "set market_data.symbol_source: file_name"),
        ]
        for (header, hint) in cases {
            do {
                _ = try CSVBarReader(bytes: Array(header.utf8), file: "bars.csv")
                Issue.record("'\(header)' was accepted")
            } catch {
                #expect(error.message.contains(hint), "\(error.message)")
            }
        }
    }

    @Test(arguments: ["AAPL.csv", "BRK.B.csv", "data/2026/MSFT.csv"])
    func theSymbolComesFromTheFileName(_ file: String) throws {
        let text = "timestamp,open,high,low,close,volume\n1767623400,1,2,0.5,1,10\n1767623460,1,2,0.5,1.5,10\n"
        let symbol = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        #expect(try bars(text, MarketDataLayout(symbolSource: .fileName), file: file) == [
            "\(symbol)@1767623400000 1.0 line 2", "\(symbol)@1767623460000 1.5 line 3",
        ])
    }

    @Test(arguments: [("aapl.csv", "is not a symbol"), ("bars.csv", "is not a symbol"), ("AAPL.csv", "from two places")])
    func aFileNameSymbolMustBeASymbolAndTheOnlyOne(_ file: String, _ expected: String) {
        let text = file == "AAPL.csv" ? "timestamp,symbol,open,high,low,close,volume\n" : "timestamp,open,high,low,close,volume\n"
        do {
            _ = try CSVBarReader(bytes: Array(text.utf8), file: file, options: CSVReadOptions(
                layout: MarketDataLayout(symbolSource: .fileName)))
            Issue.record("\(file) was accepted")
        } catch {
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test(arguments: [
        ("%m/%d/%Y %H:%M", "1/5/2026 9:30", Int64(1_767_605_400_000)),
        ("%m/%d/%Y %H:%M", "01/05/2026 09:30", 1_767_605_400_000),
        ("%d.%m.%Y %H:%M:%S", "5.1.2026 09:30:15", 1_767_605_415_000),
        ("%Y%m%d", "20260105", 1_767_571_200_000),
        ("%Y%m%d %H%M%S", "20260105 093000", 1_767_605_400_000),
        ("%m/%d/%Y %I:%M %p", "1/5/2026 9:30 AM", 1_767_605_400_000),
        ("%m/%d/%Y %I:%M %p", "1/5/2026 12:00 pm", 1_767_614_400_000),
        ("%m/%d/%Y %I:%M %p", "1/5/2026 12:15 AM", 1_767_572_100_000),
        ("%Y-%m-%dT%H:%M:%S.%f%z", "2026-01-05T09:30:00.5+01:00", 1_767_601_800_500),
        ("%Y-%m-%d %H:%M%z", "2026-01-05 09:30Z", 1_767_605_400_000),
    ] as [(String, String, Int64)])
    func patternsReadWhatTheySay(_ pattern: String, _ text: String, _ expected: Int64) throws {
        let format = try TimestampFormat.parse(pattern).get()
        let reading = Array(text.utf8).withUnsafeBufferPointer { TimestampParser.read($0, format: format) }
        #expect(reading.map { $0.local - ($0.offset ?? 0) } == expected)
    }

    @Test(arguments: [
        ("%m/%d/%Y", "13/05/2026"), ("%m/%d/%Y", "1/5/26"), ("%m/%d/%Y", "1-5-2026"), ("%m/%d/%Y", "1/5/2026 "),
        ("%m/%d/%Y %I:%M %p", "1/5/2026 13:30 PM"), ("%m/%d/%Y %I:%M %p", "1/5/2026 0:30 AM"), ("%Y%m%d", "202601"),
        ("%m/%d/%Y %H:%M", "2/30/2026 10:00"), ("%m/%d/%Y %H:%M", "1/5/2026 24:00"),
    ])
    func patternsRefuseWhatTheyDoNotSay(_ pattern: String, _ text: String) throws {
        let format = try TimestampFormat.parse(pattern).get()
        #expect(Array(text.utf8).withUnsafeBufferPointer { TimestampParser.read($0, format: format) } == nil)
    }

    @Test(arguments: [
        ("%m/%d", "has no %Y"), ("%Y-%m-%d %q", "'%q' is not a timestamp directive"), ("%Y-%m-%d %", "lone '%'"),
        ("%Y-%m-%d %H %I %p", "both %H and %I"), ("%Y-%m-%d %I:%M", "go together"), ("%Y-%m-%d %M", "no hour"),
        ("%Y-%m-%d-%d", "appears twice"), ("%Y-%m-%d é", "printable ASCII"),
    ])
    func aPatternThatCannotReadATimeIsRefused(_ pattern: String, _ expected: String) {
        guard case .failure(let error) = TimestampFormat.parse(pattern) else {
            Issue.record("'\(pattern)' was accepted")
            return
        }
        #expect(error.description.contains(expected), "\(error.description)")
    }

    @Test(arguments: [
        // Winter (UTC-5), summer (UTC-4), an explicit offset wins over the zone.
        ("2026-01-05 09:30", Int64(1_767_623_400_000)), ("2026-07-06 09:30", 1_783_344_600_000),
        ("2026-07-06T09:30:00Z", 1_783_330_200_000),
    ] as [(String, Int64)])
    func aTimeZoneAppliesToTimesWrittenWithoutAnOffset(_ text: String, _ expected: Int64) throws {
        let layout = MarketDataLayout(timeZone: TimeZone(identifier: "America/New_York"))
        let seen = try bars("timestamp,symbol,open,high,low,close,volume\n\(text),AAPL,1,2,0.5,1,10\n", layout)
        #expect(seen == ["AAPL@\(expected) 1.0 line 2"])
    }

    @Test(arguments: [("epoch_seconds", "1767623400"), ("epoch_milliseconds", "1767623400000")])
    func epochFormatsReadOnlyTheirUnit(_ name: String, _ text: String) throws {
        let layout = MarketDataLayout(timestampFormat: try TimestampFormat.parse(name).get())
        let other = name == "epoch_seconds" ? "1767623460000" : "2026-01-05T14:31:00Z"
        let seen = try bars("timestamp,symbol,open,high,low,close,volume\n\(text),AAPL,1,2,0.5,1,10\n\(other),AAPL,1,2,0.5,1,10\n",
                            layout)
        #expect(seen.first == "AAPL@1767623400000 1.0 line 2")
        #expect(seen.count == 2 && seen[1].hasPrefix("bars.csv:3:1: error:"))
    }

    @Test func dailyBarsAreStampedAtTheSessionCloseOfTheirDate() throws {
        let newYork = try #require(TradingSession(timeZone: TimeZone(identifier: "America/New_York")!,
                                                  openMinute: 570, closeMinute: 960))
        let text = "Date,Symbol,Open,High,Low,Close,Volume\n2026-01-05,AAPL,1,2,0.5,1,10\n2026-01-06,AAPL,1,2,0.5,1.5,10\n"
            + "2026-01-06,AAPL,1,2,0.5,1.5,10\n2026-01-07 10:00,AAPL,1,2,0.5,1.5,10\n2026-07-06,AAPL,1,2,0.5,2,10\n"
        let layout = MarketDataLayout(columns: ["timestamp": "Date"].mapKeys, bars: .daily)
        #expect(try bars(text, layout, session: newYork) == [
            "AAPL@1767646800000 1.0 line 2",  // 2026-01-05 16:00 New York (UTC-5)
            "AAPL@1767733200000 1.5 line 3",
            "bars.csv:4:1: error: 2026-01-06 is not after the previous AAPL bar",
            "bars.csv:5:1: error: 2026-01-07 10:00 has a time of day, but market_data.bars is daily: give the date alone",
            "AAPL@1783368000000 2.0 line 6",  // 2026-07-06 16:00 New York (UTC-4)
        ])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func aDescendingFileIsReadOldestFirstWithItsOwnLineNumbers(_ ending: String) throws {
        let lines = ["timestamp,symbol,open,high,low,close,volume", "1767623520,AAPL,1,2,0.5,2,10", "1767623460,AAPL,1,2,0.5,x,10",
                     "", "1767623400,AAPL,1,2,0.5,1,10"]
        let text = lines.joined(separator: ending) + ending
        #expect(try bars(text, MarketDataLayout(order: .descending)) == [
            "AAPL@1767623400000 1.0 line 5",
            "bars.csv:3:25: error: close 'x' is not a decimal number",
            "AAPL@1767623520000 2.0 line 2",
        ])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("desc-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let fromDisk = CSVHostileInputTests.read(try CSVBarReader(path: path, options: CSVReadOptions(
            layout: MarketDataLayout(order: .descending))))
        #expect(fromDisk.count == 3 && fromDisk[0] == "AAPL@1767623400 1.0")
    }

    /// Turned around, a line's break is followed by another line: it must still be read as the file's break.
    @Test(arguments: [
        "h\rR\n1767623400,AAPL,1,2,0.5,1,10\r\n1767623460,AAPL,1,2,0.5,1,10,1,2,3\r",
        "h\r1767623400,AAPL,1,2,0.5,1,10\r\n\n\r\n",
        "h\n1767623400,AAPL,1,2,0.5,1,10\r\n\r\r\n",
        "h\r\n\r\n\n\r1767623400,AAPL,1,2,0.5,1,10",
    ])
    func aDescendingFileNumbersEveryLineInsideTheFile(_ body: String) throws {
        let text = body.replacingOccurrences(of: "h", with: "timestamp,symbol,open,high,low,close,volume")
        let reader = try CSVBarReader(bytes: Array(text.utf8), file: "bars.csv",
                                      options: CSVReadOptions(layout: MarketDataLayout(order: .descending)))
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }.count
        while let result = reader.next() {
            let line = switch result {
            case .success: reader.line
            case .failure(let problem): problem.location.line
            }
            #expect(line >= 2 && line <= lines, "\(result)")
        }
    }

    @Test func aNewestFirstFileReadAscendingSaysWhichSettingReadsIt() throws {
        let text = "timestamp,symbol,open,high,low,close,volume\n1767623520,AAPL,1,2,0.5,2,10\n1767623460,AAPL,1,2,0.5,1.5,10\n"
        let seen = try bars(text, .standard)
        #expect(seen.last == "bars.csv:3:1: error: 1767623460 is before the previous row; rows must be in time order; "
            + "if the file is newest first, set market_data.order: descending")
    }
}

extension Dictionary where Key == String, Value == String {
    /// `["timestamp": "Date"]` as a column mapping.
    var mapKeys: [MarketDataLayout.Field: String] {
        Dictionary<MarketDataLayout.Field, String>(uniqueKeysWithValues: compactMap { key, value in
            MarketDataLayout.Field(rawValue: key).map { ($0, value) }
        })
    }
}
