import Foundation
import RunnerCore
import RunnerDiagnostics
import RunnerYAML

extension EnvironmentLoader {
    /// `market_data:`: the source and its settings, with the CSV layout typed and checked as a whole (a
    /// setting that would change nothing, such as a time zone for epoch timestamps, is an error).
    mutating func decodeMarketData(_ node: YAMLNode) -> MarketDataConfig? {
        let sources = catalog.marketDataSources.mapValues(\.settings)
        guard let (source, settings) = decodePluginSection(
            node, section: "market_data", selector: "source", kind: "market data source", plugins: sources,
            example: "{source: csv, path: data/sample}")
        else { return nil }
        // Both were checked against their shapes in the source's spec already.
        let speed = settings["speed"].flatMap { ReplaySpeed($0.value) } ?? ConfigDefaults.replaySpeed
        let onBadRow = settings["on_bad_row"].flatMap { BadRowPolicy(rawValue: $0.value) } ?? ConfigDefaults.onBadRow
        checkCommand(settings["command"], field: "market_data.command")
        guard let layout = decodeLayout(settings) else { return nil }
        var config = MarketDataConfig(source: source, settings: settings, speed: speed, onBadRow: onBadRow, layout: layout)
        if let interval = settings["interval"] {
            guard let live = decodeLiveFeed(interval: interval, settings) else { return nil }
            config.live = live
        }
        return config
    }

    /// A live source's grid and silence limits, checked together: the grace shorter than a bar, the halt
    /// not before the alert.
    private mutating func decodeLiveFeed(interval: Located<String>, _ settings: [String: Located<String>]) -> LiveFeedConfig? {
        func duration(_ key: String) -> Duration? {
            settings[key].flatMap { try? UnitParser.duration($0.value).get() }
        }
        guard let length = duration("interval") else { return nil }
        var valid = true
        func refuse(_ key: String, _ message: String) {
            let location = settings[key]?.location ?? interval.location
            decoder.diagnostics.error(at: location, code: "invalid-value", "'market_data.\(key)': \(message)")
            valid = false
        }
        if length < .seconds(1) {
            refuse("interval", "a bar must last at least 1s, got \(interval.value)")
            return nil
        }
        let grace = duration("grace") ?? .seconds(2)
        if grace >= length { refuse("grace", "the wait for a late bar must be shorter than a bar (\(interval.value))") }
        let alert = duration("silence_alert") ?? length * 2
        let halt = duration("silence_halt") ?? max(length * 5, alert)
        if alert <= .zero { refuse("silence_alert", "must be longer than 0") }
        if halt < alert { refuse("silence_halt", "new risk cannot stop before the silence alert (\(alert.configText))") }
        return valid
            ? LiveFeedConfig(interval: length, grace: grace, silenceAlert: alert, silenceHalt: halt,
                             followsBars: settings["clock"]?.value == "bars")
            : nil
    }

    /// The layout settings; nil (with a diagnostic at the setting) when one cannot be used.
    private mutating func decodeLayout(_ settings: [String: Located<String>]) -> MarketDataLayout? {
        var layout = MarketDataLayout.standard
        var valid = true
        func refuse(_ setting: Located<String>, _ key: String, _ message: String) {
            decoder.diagnostics.error(at: setting.location, code: "invalid-value", "'market_data.\(key)': \(message)")
            valid = false
        }
        if let setting = settings["columns"] {
            switch MarketDataLayout.columnMapping(setting.value) {
            case .success(let mapping): layout.columns = mapping
            case .failure(let error): refuse(setting, "columns", error.description)
            }
        }
        if let setting = settings["symbol_source"], let source = MarketDataLayout.SymbolSource(rawValue: setting.value) {
            layout.symbolSource = source
            if source == .fileName, layout.columns[.symbol] != nil {
                refuse(setting, "symbol_source", "file_name takes the symbol from the file name, so 'columns' cannot map 'symbol'")
            }
        }
        if let setting = settings["timestamp_format"] {
            switch TimestampFormat.parse(setting.value) {
            case .success(let format): layout.timestampFormat = format
            case .failure(let error): refuse(setting, "timestamp_format", error.description)
            }
        }
        if let setting = settings["bars"], let bars = MarketDataLayout.BarInterval(rawValue: setting.value) {
            layout.bars = bars
            if bars == .daily, layout.timestampFormat.hasTimeOfDay, case .pattern = layout.timestampFormat {
                refuse(setting, "bars", "daily bars are dates alone, but timestamp_format '\(layout.timestampFormat)' has an hour")
            }
        }
        if let setting = settings["time_zone"], let zone = TimeZone(identifier: setting.value) {
            layout.timeZone = zone
            if !layout.timestampFormat.mayLackOffset {
                refuse(setting, "time_zone", "timestamps in '\(layout.timestampFormat)' carry their offset, so a time zone would change nothing")
            } else if layout.bars == .daily {
                refuse(setting, "time_zone", "daily bars are dates, stamped at the close of the environment's session; a time zone would change nothing")
            }
        }
        if let setting = settings["order"], let order = MarketDataLayout.RowOrder(rawValue: setting.value) {
            layout.order = order
        }
        if let setting = settings["max_line_length"], case .success(let length) = UnitParser.integer(setting.value) {
            let range = MarketDataLayout.maximumLineLengths
            if range.contains(length) {
                layout.maximumLineLength = length
            } else {
                refuse(setting, "max_line_length", "\(length) is outside \(range.lowerBound) to \(range.upperBound) bytes")
            }
        }
        return valid ? layout : nil
    }
}
