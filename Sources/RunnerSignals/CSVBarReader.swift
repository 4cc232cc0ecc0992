import Foundation
import RunnerCore
import RunnerDiagnostics

/// Reads bars from one CSV file with the header `timestamp,symbol,open,high,low,close,volume` (any
/// column order, extra columns ignored). Works on the file's bytes directly: no `String` per field,
/// numbers parsed in place by `strtod`, symbols interned.
///
/// Each bad row is returned as a ``MarketDataProblem`` naming the file, line and column; the caller's
/// ``BadRowPolicy`` decides whether to skip it or stop.
///
/// A file is read through a window of `windowSize` bytes (grown only for a longer line), so memory does
/// not grow with the file: a replay of ten million bars holds the same buffers as one of a thousand.
public final class CSVBarReader {
    static let requiredColumns = ["timestamp", "symbol", "open", "high", "low", "close", "volume"]

    public let file: String
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    /// Bytes of the file in `buffer` (one more, a zero, so strtod always stops inside it).
    private var filled = 0
    /// The open file still being read; nil once it is all in the window (or for bytes given whole).
    private var descriptor: Int32?
    private var position = 0
    /// Whether a line was read yet (line numbers count from the header).
    private var started = false
    /// 1-based number of the line `next()` returned last.
    public private(set) var line = 1
    /// Column index of each required field, in `requiredColumns` order.
    private var columns: [Int] = [] {
        didSet { fieldsNeeded = (columns.max() ?? 0) + 1 }
    }
    /// Fields a row must have to hold every required column.
    private var fieldsNeeded = 1
    private var fieldStarts: [Int] = []
    private var fieldEnds: [Int] = []
    private var symbols: [(bytes: [UInt8], symbol: Symbol)] = []
    private var symbolsByHash: [UInt64: Int] = [:]
    /// Last timestamp of each interned symbol, by its index in `symbols`.
    private var lastTimestamps: [Int64] = []
    /// Rows of several symbols may share a time, but never go back in time.
    private var lastRowTimestamp = Int64.min
    /// Index of the last row's symbol among those seen (0, 1, ... in order of first appearance), so
    /// callers can keep per-symbol state in an array instead of hashing the symbol on every row.
    public private(set) var symbolIndex = 0
    /// Raw bytes of the last row's timestamp field, for echoing it unchanged (`runner compute`).
    public private(set) var timestampRange: Range<Int> = 0..<0

    /// Reads the header; a missing required column is a problem for the whole file.
    public init(bytes: [UInt8], file: String) throws(MarketDataProblem) {
        self.file = file
        buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count + 1)
        _ = buffer.initialize(from: bytes)
        filled = bytes.count
        buffer[filled] = 0
        try start()
    }

    /// Opens the file and reads its header; the rows are read as `next()` needs them.
    public init(path: String, windowSize: Int = 1 << 20) throws(MarketDataProblem) {
        file = path
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else {
            throw MarketDataProblem(.missingColumn, at: SourceLocation(file: path, line: 1, column: 1),
                                    "the market data file '\(path)' cannot be read")
        }
        descriptor = opened
        buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(windowSize, 64) + 1)
        buffer[0] = 0
        try start()
    }

    deinit {
        buffer.deallocate()
        if let descriptor { close(descriptor) }
    }

    private var length: Int { filled }

    private func start() throws(MarketDataProblem) {
        ensureLine()
        // A UTF-8 byte order mark (spreadsheets write one) is not part of the first column's name.
        if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        try readHeader(length: filled)
    }

    /// Makes sure the window holds the whole of the next line (up to its newline, or the end of the
    /// file): the rest of the window moves to the front and more of the file is read behind it.
    private func ensureLine() {
        guard let descriptor else { return }
        while memchr(buffer.baseAddress! + position, Int32(UInt8(ascii: "\n")), filled - position) == nil {
            let kept = filled - position
            if position > 0 {
                memmove(buffer.baseAddress!, buffer.baseAddress! + position, kept)
                position = 0
                filled = kept
            }
            if filled == buffer.count - 1 {
                // A line longer than the window: the window grows to hold it.
                let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
                memcpy(larger.baseAddress!, buffer.baseAddress!, filled)
                buffer.deallocate()
                buffer = larger
            }
            let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - 1 - filled)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                // The end of the file (or a read error, which ends it the same way).
                close(descriptor)
                self.descriptor = nil
                buffer[filled] = 0
                return
            }
            filled += count
            buffer[filled] = 0
        }
    }

    private func readHeader(length: Int) throws(MarketDataProblem) {
        guard splitLine() else {
            throw MarketDataProblem(.missingColumn, at: location(column: 1),
                                    "the file is empty; it needs the header \(Self.requiredColumns.joined(separator: ","))")
        }
        let names = (0..<fieldStarts.count).map { index in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[fieldStarts[index]..<fieldEnds[index]]), as: UTF8.self)
                .trimmingCharacters(in: .whitespaces).lowercased()
        }
        for required in Self.requiredColumns {
            guard let index = names.firstIndex(of: required) else {
                throw MarketDataProblem(
                    .missingColumn, at: location(column: 1),
                    "the header has no '\(required)' column; it needs \(Self.requiredColumns.joined(separator: ","))")
            }
            columns.append(index)
        }
    }

    /// The next row as a bar, a problem for a bad row, or nil at the end of the file.
    public func next() -> Result<Bar, MarketDataProblem>? {
        while true {
            guard splitLine() else { return nil }
            // Blank lines (a trailing newline, a spacer) are not rows.
            if fieldStarts.count == 1 && fieldEnds[0] == fieldStarts[0] { continue }
            return parseRow()
        }
    }

    /// The bytes of the last row's timestamp field, as written.
    public func withTimestampBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        body(UnsafeBufferPointer(rebasing: buffer[timestampRange]))
    }

    private func parseRow() -> Result<Bar, MarketDataProblem> {
        let needed = fieldsNeeded
        guard fieldStarts.count >= needed else {
            return .failure(MarketDataProblem(
                .malformedRow, at: location(column: 1),
                "the row has \(fieldStarts.count) field\(fieldStarts.count == 1 ? "" : "s") but the header needs \(needed)"))
        }
        let timestampField = columns[0]
        timestampRange = fieldStarts[timestampField]..<fieldEnds[timestampField]
        guard let timestamp = TimestampParser.parse(UnsafeBufferPointer(rebasing: buffer[timestampRange])) else {
            return .failure(problem(.malformedRow, field: timestampField,
                                    "'\(text(timestampField))' is not a timestamp (ISO-8601 or epoch seconds/milliseconds)"))
        }
        let index: Int
        switch symbolIndex(field: columns[1]) {
        case .success(let found): index = found
        case .failure(let problem): return .failure(problem)
        }
        let symbol = symbols[index].symbol
        var values: (Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0)
        let columns = self.columns
        for offset in 0..<5 {
            let field = columns[offset + 2]
            guard let value = number(field: field) else {
                let name = Self.requiredColumns[offset + 2]
                return .failure(problem(.malformedRow, field: field, "\(name) '\(text(field))' is not a number"))
            }
            guard value >= 0 else {
                let name = Self.requiredColumns[offset + 2]
                return .failure(problem(.impossibleValue, field: field, "\(name) is negative (\(text(field)))"))
            }
            switch offset {
            case 0: values.0 = value
            case 1: values.1 = value
            case 2: values.2 = value
            case 3: values.3 = value
            default: values.4 = value
            }
        }
        guard values.1 >= values.2 else {
            return .failure(problem(.impossibleValue, field: columns[3],
                                    "the high \(text(columns[3])) is below the low \(text(columns[4]))"))
        }
        guard timestamp >= lastRowTimestamp else {
            return .failure(problem(.nonMonotonicTimestamp, field: timestampField,
                                    "\(text(timestampField)) is before the previous row; rows must be in time order"))
        }
        guard timestamp > lastTimestamps[index] else {
            return .failure(problem(.nonMonotonicTimestamp, field: timestampField,
                                    "\(text(timestampField)) is not after the previous \(symbol) bar"))
        }
        lastTimestamps[index] = timestamp
        lastRowTimestamp = timestamp
        symbolIndex = index
        return .success(Bar(symbol: symbol, timestamp: timestamp, open: values.0, high: values.1, low: values.2,
                            close: values.3, volume: values.4))
    }

    /// Splits the next line into fields; false at the end of the file.
    ///
    /// Works on locals and writes the instance's properties back once: each access to a class's stored
    /// property is checked for exclusivity at run time, which per byte would cost more than the parsing.
    private func splitLine() -> Bool {
        ensureLine()
        var position = self.position
        guard position < length else { return false }
        if started { line += 1 }
        started = true
        var starts = fieldStarts
        var ends = fieldEnds
        // Drop the properties' references so the locals are unique and grow in place.
        fieldStarts = []
        fieldEnds = []
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        let bytes = buffer
        let length = self.length
        var start = position
        var quoted = false
        while position < length {
            let byte = bytes[position]
            // Digits, letters, '-', '.' and ':' all sort above ','; the bytes that matter (quote, comma,
            // newline) below it: one comparison for most bytes of a row.
            if byte > UInt8(ascii: ",") {
                position += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == UInt8(ascii: ","), !quoted {
                Self.appendField(start, position, bytes, &starts, &ends)
                start = position + 1
            } else if byte == UInt8(ascii: "\n"), !quoted {
                break
            }
            position += 1
        }
        var end = position
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        Self.appendField(start, end, bytes, &starts, &ends)
        self.position = position + 1
        fieldStarts = starts
        fieldEnds = ends
        return true
    }

    /// Records a field's byte range, without the quotes of an RFC 4180 quoted field (`"BRK.B"`).
    private static func appendField(
        _ start: Int, _ end: Int, _ bytes: UnsafeMutableBufferPointer<UInt8>, _ starts: inout [Int], _ ends: inout [Int]
    ) {
        if end - start >= 2, bytes[start] == UInt8(ascii: "\""), bytes[end - 1] == UInt8(ascii: "\"") {
            starts.append(start + 1)
            ends.append(end - 1)
        } else {
            starts.append(start)
            ends.append(end)
        }
    }

    private func number(field: Int) -> Double? {
        var start = fieldStarts[field]
        var end = fieldEnds[field]
        while start < end, buffer[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, buffer[end - 1] == UInt8(ascii: " ") { end -= 1 }
        guard start < end, let base = buffer.baseAddress else { return nil }
        if let value = Self.simpleDecimal(UnsafeBufferPointer(start: base + start, count: end - start)) { return value }
        var stop: UnsafeMutablePointer<CChar>?
        let value = (base + start).withMemoryRebound(to: CChar.self, capacity: end - start) { pointer in
            strtod(pointer, &stop)
        }
        let expectedStop = UnsafeRawPointer(base + end)
        guard let stop, UnsafeRawPointer(stop) == expectedStop, value.isFinite else {
            return nil
        }
        return value
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// `-123.4500` with at most 15 significant digits and no exponent, the usual shape of prices and
    /// volumes: the digits as an exact integer divided by an exact power of ten, which IEEE division
    /// rounds correctly (Clinger's fast path), so the result equals `strtod`'s. Nil for anything else.
    static func simpleDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                mantissa = mantissa &* 10 &+ UInt64(byte - 48)
                digits += 1
                if sawPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0, digits <= 15, fractionDigits <= 22 else { return nil }
        let value = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }

    /// Where the symbol in `field` stands among those seen, adding it on first sight: `.success(index)`,
    /// or `.failure` with what is wrong with it (empty, or not written like a symbol).
    private func symbolIndex(field: Int) -> Result<Int, MarketDataProblem> {
        var start = fieldStarts[field]
        var end = fieldEnds[field]
        while start < end, buffer[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, buffer[end - 1] == UInt8(ascii: " ") { end -= 1 }
        let bytes = UnsafeBufferPointer(rebasing: buffer[start..<end])
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

    private func text(_ field: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[fieldStarts[field]..<fieldEnds[field]]), as: UTF8.self)
    }

    private func location(column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// A problem located at the start of `field` (columns counted in bytes from the line start).
    private func problem(_ kind: MarketDataProblem.Kind, field: Int, _ message: String) -> MarketDataProblem {
        let lineStart = fieldStarts[0]
        return MarketDataProblem(kind, at: location(column: fieldStarts[field] - lineStart + 1), message)
    }
}
