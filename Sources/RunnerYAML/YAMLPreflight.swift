import RunnerDiagnostics

/// A check made before parsing: invalid UTF-8 is reported at its byte, which libyaml cannot do well.
struct YAMLPreflight {
    let bytes: [UInt8]
    let file: String

    func problems() -> [Diagnostic] {
        guard let invalid = firstInvalidUTF8Offset() else { return [] }
        let location = bytes.withUnsafeBufferPointer { Self.location(ofByte: invalid, in: $0, file: file) }
        let byte = "0x" + String(bytes[invalid], radix: 16, uppercase: true)
        return [.error(at: location, code: "yaml-encoding",
                       "the file is not valid UTF-8: byte \(byte) cannot appear here; save it as UTF-8")]
    }

    /// The character at a line and column, to explain libyaml's errors (a tab where a token should start).
    static func character(at location: SourceLocation, in bytes: UnsafeBufferPointer<UInt8>) -> Character? {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard location.line >= 1, location.line <= lines.count else { return nil }
        let text = String(decoding: lines[location.line - 1], as: UTF8.self)
        let scalars = Array(text.unicodeScalars)
        guard location.column >= 1, location.column <= scalars.count else { return nil }
        return Character(scalars[location.column - 1])
    }

    private func firstInvalidUTF8Offset() -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return index
            }
            if length == 3 {
                let second = bytes[index + 1]
                if (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) { return index }
            } else if length == 4 {
                let second = bytes[index + 1]
                if (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F) { return index }
            }
            index += length
        }
        return nil
    }

    /// Line and column (in characters) of a byte offset.
    static func location(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in bytes.prefix(max(0, min(offset, bytes.count))) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
