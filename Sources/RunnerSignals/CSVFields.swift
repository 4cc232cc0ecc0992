import Foundation

/// The fields of one CSV line, as byte ranges of the window: RFC 4180 quoting (`"BRK.B"`, `"a ""b"""`)
/// inside one line. A line break always ends a row, quoted or not (market data never holds one in a
/// field), so a quote left open can never make a row run on through the rest of the file.
struct CSVFields {
    /// Where a line could not be split.
    enum Failure: Equatable {
        /// A quoted field not closed before the end of the line; the column of its opening quote.
        case unclosedQuote(column: Int)
        /// Text between a closing quote and the next comma; the column of that text.
        case textAfterQuote(column: Int)
    }

    /// Each field's first byte and the byte after its last, inside the line (quotes excluded).
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []
    /// Where the line starts, for columns counted from 1.
    private(set) var lineStart = 0

    var count: Int { starts.count }

    /// Splits `line` of `bytes` into fields; a failure leaves the fields found before it.
    mutating func split(_ line: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>) -> Failure? {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        lineStart = line.lowerBound
        guard let base = bytes.baseAddress, line.upperBound <= bytes.count else { return nil }
        let end = line.upperBound
        var index = line.lowerBound
        while true {
            if index < end, bytes[index] == UInt8(ascii: "\"") {
                // A quoted field: up to the quote not doubled.
                var scan = index + 1
                while true {
                    guard scan < end else { return .unclosedQuote(column: index - lineStart + 1) }
                    if bytes[scan] == UInt8(ascii: "\"") {
                        if scan + 1 < end, bytes[scan + 1] == UInt8(ascii: "\"") {
                            scan += 2
                            continue
                        }
                        break
                    }
                    scan += 1
                }
                starts.append(index + 1)
                ends.append(scan)
                let after = scan + 1
                if after == end { return nil }
                guard bytes[after] == UInt8(ascii: ",") else { return .textAfterQuote(column: after - lineStart + 1) }
                index = after + 1
                if index == end {
                    // A trailing comma: one more, empty field.
                    starts.append(end)
                    ends.append(end)
                    return nil
                }
                continue
            }
            let remaining = end - index
            let comma = remaining > 0 ? memchr(base + index, Int32(UInt8(ascii: ",")), remaining) : nil
            guard let comma else {
                starts.append(index)
                ends.append(end)
                return nil
            }
            let stop = UnsafeRawPointer(comma) - UnsafeRawPointer(base)
            starts.append(index)
            ends.append(stop)
            index = stop + 1
        }
    }

    /// The field's range, without the spaces around it.
    func trimmed(_ field: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = starts[field]
        var end = ends[field]
        while start < end, bytes[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        return start..<end
    }

    /// The column (from 1) where `field` starts.
    func column(_ field: Int) -> Int { starts[field] - lineStart + 1 }
}
