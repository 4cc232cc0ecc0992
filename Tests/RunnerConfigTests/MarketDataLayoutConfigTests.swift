import Foundation
import RunnerConfig
import RunnerCore
import Testing

/// The `market_data` layout settings: each one loads into the layout the reader uses, and each value (or
/// pair of values) that could not be used is a diagnostic at the setting.
@Suite struct MarketDataLayoutConfigTests {
    func load(_ marketData: String) -> (layout: MarketDataLayout?, diagnostics: [String]) {
        var files = ConfigDefaultsTests.minimal
        files["environments/paper.yaml"] = files["environments/paper.yaml"]!.replacingOccurrences(
            of: "market_data: {source: csv, path: data/sample}", with: "market_data: {source: csv, path: data/sample, \(marketData)}")
        let configuration = FixtureConfig.load(files.mapValues { Array($0.utf8) })
        return (configuration.environments["paper"]?.marketData.layout, configuration.diagnostics.map(\.description))
    }

    @Test func everySettingReachesTheLayout() throws {
        let loaded = load("""
            columns: "timestamp=Date, close=Adj Close", symbol_source: file_name, timestamp_format: "%m/%d/%Y %H:%M", \
            time_zone: America/Chicago, order: descending, max_line_length: 1_024
            """)
        #expect(loaded.diagnostics == [])
        let layout = try #require(loaded.layout)
        #expect(layout.columns == [.timestamp: "Date", .close: "Adj Close"])
        #expect(layout.symbolSource == .fileName)
        #expect(layout.timestampFormat.description == "%m/%d/%Y %H:%M")
        #expect(layout.timeZone?.identifier == "America/Chicago")
        #expect(layout.order == .descending)
        #expect(layout.maximumLineLength == 1_024)
        #expect(load("bars: daily, timestamp_format: \"%Y%m%d\"").layout?.bars == .daily)
    }

    @Test(arguments: [
        ("columns: \"stamp=Date\"", "'market_data.columns': 'stamp=Date' is not 'field=Header Name'"),
        ("columns: \"open=Price, close=Price\"", "'market_data.columns': 'Price' is the column of both"),
        ("timestamp_format: \"%m/%d\"", "'market_data.timestamp_format': '%m/%d' has no %Y"),
        ("timestamp_format: epoch_seconds, time_zone: Europe/London", "'market_data.time_zone': timestamps in 'epoch_seconds'"),
        ("bars: daily, time_zone: Europe/London", "'market_data.time_zone': daily bars are dates"),
        ("bars: daily, timestamp_format: \"%Y-%m-%d %H:%M\"", "'market_data.bars': daily bars are dates alone"),
        ("symbol_source: file_name, columns: \"symbol=Ticker\"", "'market_data.symbol_source': file_name takes the symbol"),
        ("max_line_length: 100", "'market_data.max_line_length' must be from 128 to 16,777,216, got 100"),
        ("max_line_length: 99999999999", "'market_data.max_line_length' must be from 128 to 16,777,216"),
        ("order: newest", "'newest'"),
        ("bars: weekly", "'weekly'"),
        ("time_zone: Mars/Olympus", "not a known time zone"),
    ])
    func aSettingThatCannotBeUsedIsADiagnosticAtIt(_ setting: String, _ expected: String) {
        let loaded = load(setting)
        #expect(loaded.diagnostics.count == 1)
        #expect(loaded.diagnostics.first?.contains(expected) == true, "\(loaded.diagnostics)")
        #expect(loaded.diagnostics.first?.hasPrefix("environments/paper.yaml:6:") == true, "\(loaded.diagnostics)")
    }
}
