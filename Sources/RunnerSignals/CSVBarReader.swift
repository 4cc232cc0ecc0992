import Foundation
import RunnerCore
import RunnerDiagnostics

/// Reads bars from one CSV file laid out as its ``CSVReadOptions`` say (by default the header
/// `timestamp,symbol,open,high,low,close,volume` in any column order, other columns ignored). Works on the
/// file's bytes directly: no `String` per field, numbers parsed in place, symbols interned.
///
/// Each bad row is returned as a ``MarketDataProblem`` naming the file, line and column; the caller's
/// ``BadRowPolicy`` decides whether to skip it or stop. A row is bad when its fields are not as many as
/// the header's, a value does not read (a number is decimal digits only: no `0x10`, `inf` or `nan`), a
/// price is not above 0 and at most ``CSVReadOptions/maximumPrice``, a volume is not from 0 to
/// ``CSVReadOptions/maximumVolume``, the open or close is outside the low and the high, its time is outside
/// 1900-2199 or not after the symbol's previous bar, or its line is longer than the layout's maximum.
///
/// A file is read through a ``CSVByteWindow``, so memory follows the maximum line length, not the file: a
/// replay of ten million bars holds the same buffers as one of a thousand. (A file in descending order is
/// read whole, to be turned around.)
public final class CSVBarReader {
    public let file: String
    let options: CSVReadOptions
    private let window: CSVByteWindow
    private var fields = CSVFields()
    /// Fields every row must have: as many as the header's.
    private var fieldCount = 0
    /// The column of the timestamp, the symbol (-1 when from the file name) and the five numbers.
    private var timestampColumn = 0
    private var symbolColumn = 0
    private var numberColumns: [Int] = []
    /// 1-based number of the line `next()` read last, counted as the window reads them (from the end in a
    /// descending file).
    private var physicalLine = 0
    /// Data lines of a descending file, to number its lines as the file does.
    private var descendingLines: Int?
    private var symbols: [(bytes: [UInt8], symbol: Symbol)] = []
    private var symbolsByHash: [UInt64: Int] = [:]
    /// Last timestamp of each interned symbol, by its index in `symbols`.
    private var lastTimestamps: [Int64] = []
    /// Rows of several symbols may share a time, but never go back in time.
    private var lastRowTimestamp = Int64.min
    /// Good rows so far (to tell a file written newest first).
    private var goodRows = 0
    /// Index of the last row's symbol among those seen (0, 1, ... in order of first appearance), so
    /// callers can keep per-symbol state in an array instead of hashing the symbol on every row.
    public private(set) var symbolIndex = 0
    /// Raw bytes of the last row's timestamp field, for echoing it unchanged (`runner compute`).
    public private(set) var timestampRange: Range<Int> = 0..<0

    /// 1-based number of the line `next()` returned last, as the file numbers its lines.
    public var line: Int {
        guard let descendingLines, physicalLine > 1 else { return physicalLine }
        return descendingLines + 3 - physicalLine
    }

    /// Reads the header of bytes given whole; a problem with it refuses the whole file.
    public init(bytes: [UInt8], file: String, options: CSVReadOptions = .standard) throws(MarketDataProblem) {
        self.file = file
        self.options = options
        var bytes = bytes
        if options.layout.order == .descending {
            let turned = CSVReversal.reversed(bytes)
            bytes = turned.bytes
            descendingLines = turned.dataLines
            window = CSVByteWindow(bytes: bytes, maximumLineLength: options.layout.maximumLineLength)
            try start(terminator: turned.terminator)
        } else {
            window = CSVByteWindow(bytes: bytes, maximumLineLength: options.layout.maximumLineLength)
            try start(terminator: nil)
        }
    }

    /// Opens the file and reads its header; the rows are read as `next()` needs them.
    public init(path: String, options: CSVReadOptions = .standard, windowSize: Int = 1 << 20) throws(MarketDataProblem) {
        file = path
        self.options = options
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw MarketDataProblem.file(path, "'\(path)' is a folder; give one CSV file")
        }
        if options.layout.order == .descending {
            guard let whole = CSVByteWindow.wholeFile(path) else {
                throw MarketDataProblem.file(path, "the market data file '\(path)' cannot be read")
            }
            let turned = CSVReversal.reversed(whole)
            descendingLines = turned.dataLines
            window = CSVByteWindow(bytes: turned.bytes, maximumLineLength: options.layout.maximumLineLength)
            try start(terminator: turned.terminator)
        } else {
            guard let opened = CSVByteWindow(path: path, windowSize: windowSize,
                                             maximumLineLength: options.layout.maximumLineLength)
            else { throw MarketDataProblem.file(path, "the market data file '\(path)' cannot be read") }
            window = opened
            try start(terminator: nil)
        }
    }

    /// Reads the header, with the line break given (a turned file's) or told from the header's.
    private func start(terminator: UInt8?) throws(MarketDataProblem) {
        let layout = options.layout
        // CR-only line endings (old spreadsheets): the header ends at a CR that no LF follows.
        let first = window.peek(limit: layout.maximumLineLength + 1)
        if let terminator {
            window.terminator = terminator
        } else if let end = first.firstIndex(where: { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }),
            first[end] == UInt8(ascii: "\r"), end + 1 < first.count, first[end + 1] != UInt8(ascii: "\n")
        {
            window.terminator = UInt8(ascii: "\r")
        }
        guard let names = try headerNames() else {
            let wanted = layout.columnFields.map { layout.columnName($0) }.joined(separator: ",")
            throw MarketDataProblem.file(file, "the file is empty; it needs the header \(wanted)")
        }
        let header = try CSVHeader(names: names, layout: layout, file: file)
        fieldCount = header.fieldCount
        timestampColumn = header.columns[0] ?? 0
        symbolColumn = header.columns[1] ?? -1
        numberColumns = header.columns[2...].map { $0 ?? 0 }
        if layout.symbolSource == .fileName {
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            guard Symbol.isValid(name) else {
                throw MarketDataProblem.file(
                    file, "the file name '\((file as NSString).lastPathComponent)' is not a symbol (capital letters, "
                        + "digits, '.', '-', '/' and '_', like AAPL.csv), and market_data.symbol_source is file_name")
            }
            symbols.append((Array(name.utf8), Symbol(name)))
            lastTimestamps.append(.min)
        }
    }

    /// The header's fields, unquoted; nil for an empty file.
    private func headerNames() throws(MarketDataProblem) -> [String]? {
        physicalLine = 1
        switch window.nextLine() {
        case .end:
            return nil
        case .tooLong(let length):
            throw MarketDataProblem.file(
                file, "the header is longer than \(options.layout.maximumLineLength) bytes (\(length) or more); "
                    + "is this a CSV file? (market_data.max_line_length sets the limit)")
        case .text(var range):
            let bytes = window.bytes
            // A UTF-8 byte order mark (spreadsheets write one) is not part of the first column's name.
            if range.count >= 3, bytes[range.lowerBound] == 0xEF, bytes[range.lowerBound + 1] == 0xBB,
                bytes[range.lowerBound + 2] == 0xBF
            {
                range = range.lowerBound + 3..<range.upperBound
            }
            range = withoutCarriageReturn(range, bytes)
            if range.isEmpty { return nil }
            if let failure = fields.split(range, of: bytes) {
                throw MarketDataProblem(.missingColumn, at: location(column: failure.column), "the header: \(failure.message)")
            }
            return (0..<fields.count).map { index in
                String(decoding: UnsafeBufferPointer(rebasing: bytes[fields.starts[index]..<fields.ends[index]]), as: UTF8.self)
            }
        }
    }

    /// The next row as a bar, a problem for a bad row, or nil at the end of the file.
    public func next() -> Result<Bar, MarketDataProblem>? {
        while true {
            physicalLine += 1
            switch window.nextLine() {
            case .end:
                physicalLine -= 1
                return nil
            case .tooLong(let length):
                return .failure(MarketDataProblem(
                    .malformedRow, at: location(column: 1),
                    "the line is longer than \(options.layout.maximumLineLength) bytes (\(length) or more); "
                        + "market_data.max_line_length sets the limit"))
            case .text(let raw):
                let bytes = window.bytes
                let range = withoutCarriageReturn(raw, bytes)
                // Blank lines (a trailing newline, a spacer) are not rows.
                if range.isEmpty { continue }
                if let failure = fields.split(range, of: bytes) {
                    return .failure(MarketDataProblem(.malformedRow, at: location(column: failure.column), failure.message))
                }
                return parseRow(bytes)
            }
        }
    }

    /// A line without the CR of a CRLF ending.
    private func withoutCarriageReturn(_ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        guard window.terminator == UInt8(ascii: "\n"), !range.isEmpty, bytes[range.upperBound - 1] == UInt8(ascii: "\r")
        else { return range }
        return range.lowerBound..<range.upperBound - 1
    }

    /// The bytes of the last row's timestamp field, as written.
    public func withTimestampBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        body(UnsafeBufferPointer(rebasing: window.bytes[timestampRange]))
    }

    private func parseRow(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Bar, MarketDataProblem> {
        let needed = fieldCount
        guard fields.count == needed else {
            let column = fields.count > needed ? fields.column(needed) : 1
            return .failure(MarketDataProblem(
                .malformedRow, at: location(column: column),
                "the row has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(needed)"))
        }
        timestampRange = fields.trimmed(timestampColumn, in: bytes)
        let timestamp: Int64
        switch self.timestamp(UnsafeBufferPointer(rebasing: bytes[timestampRange])) {
        case .success(let value): timestamp = value
        case .failure(let problem): return .failure(problem)
        }
        let index: Int
        if symbolColumn < 0 {
            index = 0
        } else {
            switch symbolIndex(field: symbolColumn, bytes) {
            case .success(let found): index = found
            case .failure(let problem): return .failure(problem)
            }
        }
        var values: (Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0)
        for offset in 0..<5 {
            let field = numberColumns[offset]
            var name: String { Self.numberNames[offset] }
            guard let value = CSVNumber.parse(UnsafeBufferPointer(rebasing: bytes[fields.trimmed(field, in: bytes)])) else {
                return .failure(problem(.malformedRow, field: field, "\(name) '\(text(field))' is not a decimal number"))
            }
            if offset == 4 {
                guard value >= 0, value <= CSVReadOptions.maximumVolume else {
                    return .failure(problem(.impossibleValue, field: field,
                                            "volume \(text(field)) is outside 0 to 1e15"))
                }
                values.4 = value
                continue
            }
            guard value > 0, value <= CSVReadOptions.maximumPrice else {
                return .failure(problem(.impossibleValue, field: field,
                                        "\(name) \(text(field)) is outside the prices read (above 0, at most 1e9)"))
            }
            switch offset {
            case 0: values.0 = value
            case 1: values.1 = value
            case 2: values.2 = value
            default: values.3 = value
            }
        }
        if let problem = rangeProblem(values) { return .failure(problem) }
        let symbol = symbols[index].symbol
        guard timestamp >= lastRowTimestamp else {
            return .failure(problem(.nonMonotonicTimestamp, field: timestampColumn,
                                    "\(text(timestampColumn)) is before the previous row; rows must be in time order"
                                        + descendingHint))
        }
        guard timestamp > lastTimestamps[index] else {
            return .failure(problem(.nonMonotonicTimestamp, field: timestampColumn,
                                    "\(text(timestampColumn)) is not after the previous \(symbol) bar"))
        }
        lastTimestamps[index] = timestamp
        lastRowTimestamp = timestamp
        symbolIndex = index
        goodRows += 1
        return .success(Bar(symbol: symbol, timestamp: timestamp, open: values.0, high: values.1, low: values.2,
                            close: values.3, volume: values.4))
    }

    /// After one good row, a time going back suggests a file written newest first.
    private var descendingHint: String {
        goodRows == 1 && options.layout.order == .ascending
            ? "; if the file is newest first, set market_data.order: descending" : ""
    }

    /// The high below the low, or the open or close outside them.
    private func rangeProblem(_ values: (Double, Double, Double, Double, Double)) -> MarketDataProblem? {
        let (open, high, low, close, _) = values
        let columns = numberColumns
        guard high >= low else {
            return problem(.impossibleValue, field: columns[1], "the high \(text(columns[1])) is below the low \(text(columns[2]))")
        }
        if open < low || open > high { return outside("open", columns[0]) }
        if close < low || close > high { return outside("close", columns[3]) }
        return nil
    }

    private func outside(_ name: String, _ column: Int) -> MarketDataProblem {
        let columns = numberColumns
        return problem(.impossibleValue, field: column,
                       "the \(name) \(text(column)) is outside the bar's low \(text(columns[2])) and high \(text(columns[1]))")
    }

    /// The names of the five number fields, in `numberColumns` order.
    private static let numberNames = ["open", "high", "low", "close", "volume"]

    /// The instant a timestamp field stands for (a daily bar's: its session's close on its date).
    private func timestamp(_ field: UnsafeBufferPointer<UInt8>) -> Result<Int64, MarketDataProblem> {
        let layout = options.layout
        guard let reading = TimestampParser.read(field, format: layout.timestampFormat) else {
            let expected = switch layout.timestampFormat {
            case .automatic: "ISO-8601 or epoch seconds/milliseconds"
            case .epochSeconds: "epoch seconds"
            case .epochMilliseconds: "epoch milliseconds"
            case .pattern(let text, _): "the pattern '\(text)' of market_data.timestamp_format"
            }
            return .failure(problem(.malformedRow, field: timestampColumn, "'\(text(timestampColumn))' is not a timestamp (\(expected))"))
        }
        guard TimestampParser.instants.contains(reading.local) else {
            return .failure(problem(.impossibleValue, field: timestampColumn,
                                    "\(text(timestampColumn)) is outside the times read (1900 to 2199)"))
        }
        if layout.bars == .daily {
            guard reading.isMidnight else {
                return .failure(problem(.malformedRow, field: timestampColumn,
                                        "\(text(timestampColumn)) has a time of day, but market_data.bars is daily: give the date alone"))
            }
            return .success(options.session.closeTime(ofDay: reading.local / 86_400_000))
        }
        if let offset = reading.offset { return .success(reading.local - offset) }
        return .success(options.zone?.instant(local: reading.local) ?? reading.local)
    }

    /// Where the symbol in `field` stands among those seen, adding it on first sight: `.success(index)`,
    /// or `.failure` with what is wrong with it (empty, or not written like a symbol).
    private func symbolIndex(field: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> Result<Int, MarketDataProblem> {
        let bytes = UnsafeBufferPointer(rebasing: buffer[fields.trimmed(field, in: buffer)])
        guard !bytes.isEmpty else { return .failure(problem(.malformedRow, field: field, "the symbol is empty")) }
        // Rows usually repeat the previous symbol: check it before hashing.
        let last = symbolIndex
        if last < symbols.count, symbols[last].bytes.elementsEqual(bytes) { return .success(last) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: no allocation per row
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        if let index = symbolsByHash[hash], symbols[index].bytes.elementsEqual(bytes) { return .success(index) }
        if let index = symbols.firstIndex(where: { $0.bytes.elementsEqual(bytes) }) { return .success(index) }
        let name = String(decoding: bytes, as: UTF8.self)
        guard RunnerCore.Symbol.isValid(name) else {
            return .failure(problem(.malformedRow, field: field,
                                    "'\(name)' is not a symbol: capital letters, digits, '.', '-', '/' and '_', like 'AAPL'"))
        }
        symbols.append((Array(bytes), RunnerCore.Symbol(name)))
        symbolsByHash[hash] = symbols.count - 1
        lastTimestamps.append(.min)
        return .success(symbols.count - 1)
    }

    /// A field as written (at most 80 bytes of it, so a long field cannot make a long message).
    private func text(_ field: Int) -> String {
        let bytes = window.bytes
        let range = fields.starts[field]..<min(fields.ends[field], fields.starts[field] + 80)
        let shown = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return range.upperBound < fields.ends[field] ? shown + "..." : shown
    }

    private func location(column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// A problem located at the start of `field` (columns counted in bytes from the line start).
    private func problem(_ kind: MarketDataProblem.Kind, field: Int, _ message: String) -> MarketDataProblem {
        MarketDataProblem(kind, at: location(column: fields.column(field)), message)
    }
}

extension CSVFields.Failure {
    var column: Int {
        switch self {
        case .unclosedQuote(let column), .textAfterQuote(let column): column
        }
    }

    var message: String {
        switch self {
        case .unclosedQuote: "the quote opened here is not closed before the end of the line"
        case .textAfterQuote: "text follows a closing quote; a quoted field ends at its comma"
        }
    }
}
