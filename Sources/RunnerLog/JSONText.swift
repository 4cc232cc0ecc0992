import Logging

/// The few pieces of JSON a log line is made of, written by hand: a line is built on the logging
/// thread, and a general encoder would cost more than the line.
public enum JSONText {
    /// `text` as a JSON string, quotes included: `"`, `\` and every control character are escaped
    /// (`\n`, `\r`, `\t`, else `\u00XX`), so a message can never break its line or its object.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            // U+2028 and U+2029 are valid JSON but end a line in JavaScript; escaped for tools that read lines.
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// A metadata value as JSON: text as a string, a list as an array, a dictionary as an object (keys sorted).
    public static func value(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .stringConvertible(let convertible): quoted(convertible.description)
        case .array(let items): "[" + items.map(Self.value).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{"
                + entries.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + Self.value($0.value) }
                .joined(separator: ",") + "}"
        }
    }
}
