import Foundation

/// How a CSV file of bars is laid out, from the csv source's `market_data` settings: which header names
/// hold which field, where the symbol comes from, how timestamps are written, whether rows are daily bars,
/// which way time runs, and the longest line read. ``standard`` is the layout `runner data generate` writes.
public struct MarketDataLayout: Sendable, Hashable {
    /// The fields of a bar, in the order of the standard header.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case timestamp, symbol, open, high, low, close, volume
    }

    /// `symbol_source`: a column of the file, or the file's name (`AAPL.csv` holds AAPL's bars).
    public enum SymbolSource: String, Sendable, Hashable, CaseIterable {
        case column
        case fileName = "file_name"
    }

    /// `bars`: bars of any length stamped with their start, or one bar per trading day.
    public enum BarInterval: String, Sendable, Hashable, CaseIterable {
        case intraday
        case daily
    }

    /// `order`: the way time runs down the file.
    public enum RowOrder: String, Sendable, Hashable, CaseIterable {
        case ascending
        case descending
    }

    /// The header name (compared without case) of each field; a field left out is read from the column
    /// named like the field.
    public var columns: [Field: String]
    public var symbolSource: SymbolSource
    public var timestampFormat: TimestampFormat
    /// The zone of timestamps written without an offset; nil for UTC.
    public var timeZone: TimeZone?
    public var bars: BarInterval
    public var order: RowOrder
    /// The longest line read, in bytes (its line ending included); a longer row is a bad row, a longer header
    /// refuses the file. Memory per file follows it, never the file's longest line.
    public var maximumLineLength: Int

    /// Lines of the default maximum hold a row with dozens of columns; nothing real comes near it.
    public static let defaultMaximumLineLength = 8_192
    /// The range `max_line_length` accepts: a standard row fits in the smallest.
    public static let maximumLineLengths = 128...16_777_216

    public init(
        columns: [Field: String] = [:], symbolSource: SymbolSource = .column, timestampFormat: TimestampFormat = .automatic,
        timeZone: TimeZone? = nil, bars: BarInterval = .intraday, order: RowOrder = .ascending,
        maximumLineLength: Int = MarketDataLayout.defaultMaximumLineLength
    ) {
        self.columns = columns
        self.symbolSource = symbolSource
        self.timestampFormat = timestampFormat
        self.timeZone = timeZone
        self.bars = bars
        self.order = order
        self.maximumLineLength = maximumLineLength
    }

    /// `timestamp,symbol,open,high,low,close,volume` in any order, timestamps ISO-8601 or epoch, UTC.
    public static let standard = MarketDataLayout()

    /// The header name that holds `field`, lowercased.
    public func columnName(_ field: Field) -> String {
        (columns[field] ?? field.rawValue).lowercased()
    }

    /// The fields read from columns: all but the symbol when it comes from the file name.
    public var columnFields: [Field] {
        symbolSource == .column ? Field.allCases : Field.allCases.filter { $0 != .symbol }
    }

    /// `timestamp=Date, volume=Vol` -> the mapping, or why the text is not one.
    public static func columnMapping(_ text: String) -> Result<[Field: String], LayoutError> {
        var mapping: [Field: String] = [:]
        var used: [String: Field] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = pair[0].trimmingCharacters(in: .whitespaces)
            guard pair.count == 2, let field = Field(rawValue: key) else {
                let fields = Field.allCases.map(\.rawValue).joined(separator: ", ")
                return .failure(LayoutError(
                    "'\(part.trimmingCharacters(in: .whitespaces))' is not 'field=Header Name' with a field among \(fields)"))
            }
            let name = pair[1].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains("\""), name.utf8.count <= 128 else {
                return .failure(LayoutError("the header name for '\(key)' must be 1 to 128 characters without quotes"))
            }
            guard mapping[field] == nil else { return .failure(LayoutError("'\(key)' is mapped twice")) }
            if let other = used[name.lowercased()] {
                return .failure(LayoutError("'\(name)' is the column of both '\(other.rawValue)' and '\(key)'"))
            }
            mapping[field] = name
            used[name.lowercased()] = field
        }
        return .success(mapping)
    }
}

/// Why a `market_data` setting of the CSV layout cannot be used.
public struct LayoutError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
