import Foundation
import RunnerRisk

/// JSON text of string arrays exactly as `JSONEncoder` writes it, without going through `Encodable`: the
/// journal writes one per decision, and the encoder's machinery cost more than the row's insert. Strings
/// of plain printable ASCII (no quote, backslash or slash, which the encoder escapes) are copied between
/// quotes; anything else goes to `JSONEncoder` itself, so the text never differs from its.
enum JSONStringArray {
    static func text(_ strings: [String]) throws -> String {
        guard strings.allSatisfy(isPlain) else { return try encoded(strings) }
        return write(capacity: length(strings)) { json in json.append(strings) }
    }

    static func text(_ arrays: [[String]]) throws -> String {
        guard arrays.allSatisfy({ $0.allSatisfy(isPlain) }) else { return try encoded(arrays) }
        let capacity = arrays.reduce(2) { $0 + 1 + length($1) }
        return write(capacity: capacity) { json in
            json.byte(UInt8(ascii: "["))
            for (index, strings) in arrays.enumerated() {
                if index > 0 { json.byte(UInt8(ascii: ",")) }
                json.append(strings)
            }
            json.byte(UInt8(ascii: "]"))
        }
    }

    /// Figures as `[["name","value"],...]`, the same text as ``text(_:)-([[String]])`` of their pairs,
    /// without building the arrays.
    static func text(_ figures: [Denial.Figure]) throws -> String {
        guard figures.allSatisfy({ isPlain($0.name) && isPlain($0.value) }) else {
            return try encoded(figures.map { [$0.name, $0.value] })
        }
        let capacity = figures.reduce(2) { $0 + 8 + $1.name.utf8.count + $1.value.utf8.count }
        return write(capacity: capacity) { json in
            json.byte(UInt8(ascii: "["))
            for (index, figure) in figures.enumerated() {
                if index > 0 { json.byte(UInt8(ascii: ",")) }
                json.byte(UInt8(ascii: "["))
                json.quoted(figure.name)
                json.byte(UInt8(ascii: ","))
                json.quoted(figure.value)
                json.byte(UInt8(ascii: "]"))
            }
            json.byte(UInt8(ascii: "]"))
        }
    }

    /// Bytes of `["a","b"]`.
    private static func length(_ strings: [String]) -> Int {
        strings.reduce(2) { $0 + $1.utf8.count + 3 }
    }

    private static func write(capacity: Int, _ body: (inout Writer) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var writer = Writer(buffer: buffer)
            body(&writer)
            return writer.count
        }
    }

    private struct Writer {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        mutating func byte(_ byte: UInt8) {
            buffer[count] = byte
            count += 1
        }

        mutating func append(_ strings: [String]) {
            byte(UInt8(ascii: "["))
            for (index, string) in strings.enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                quoted(string)
            }
            byte(UInt8(ascii: "]"))
        }

        mutating func quoted(_ string: String) {
            byte(UInt8(ascii: "\""))
            var string = string
            string.withUTF8 { utf8 in
                for character in utf8 { byte(character) }
            }
            byte(UInt8(ascii: "\""))
        }
    }

    /// Printable ASCII that `JSONEncoder` copies as it is.
    private static func isPlain(_ string: String) -> Bool {
        string.utf8.allSatisfy { byte in
            byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
                && byte != UInt8(ascii: "/")
        }
    }

    private static func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}
