import Foundation
import RunnerCore

/// One line of a bar feed program read as a bar (docs/PROCESS_ADAPTER.md, "Bar feeds"), every field checked.
enum FeedBar {
    static func parse(_ line: Data, subscribed: Set<Symbol>) throws(WireError) -> Bar {
        guard let fields = JSONValue.object(line: line) else {
            throw WireError("not a JSON object: \(String(decoding: line.prefix(120), as: UTF8.self))")
        }
        let object = WireObject(fields, path: "bar")
        let symbol = try object.symbol("symbol")
        guard subscribed.contains(symbol) else {
            throw WireError(
                "bar.symbol is \(symbol), which is not subscribed (\(subscribed.sorted().map(\.rawValue).joined(separator: ",")))"
            )
        }
        let bar = Bar(
            symbol: symbol, timestamp: try timestamp(object), open: try price(object, "open"),
            high: try price(object, "high"), low: try price(object, "low"), close: try price(object, "close"),
            volume: try number(object, "volume"))
        guard bar.volume >= 0 else { throw WireError("bar.volume is \(bar.volume); it must be 0 or more") }
        guard bar.low <= min(bar.open, bar.close), bar.high >= max(bar.open, bar.close) else {
            throw WireError(
                "bar prices are inconsistent: low \(bar.low) and high \(bar.high) must bracket open \(bar.open) and close \(bar.close)"
            )
        }
        return bar
    }

    /// Milliseconds since the epoch, or ISO 8601 text with an offset (`2026-11-30T14:31:00Z`).
    static func timestamp(_ object: WireObject) throws(WireError) -> Int64 {
        let value = try object.value("timestamp")
        switch value {
        case .integer(let milliseconds): return milliseconds
        case .string(let text):
            guard let date = isoDate(text) else {
                throw WireError(
                    "bar.timestamp is \"\(text.prefix(40))\", not ISO 8601 with an offset such as 2026-11-30T14:31:00Z")
            }
            return Int64((date.timeIntervalSince1970 * 1000).rounded())
        default:
            throw WireError("bar.timestamp is \(value.kind); it must be milliseconds (an integer) or ISO 8601 text")
        }
    }

    static func isoDate(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func price(_ object: WireObject, _ key: String) throws(WireError) -> Double {
        let value = try number(object, key)
        guard value > 0 else { throw WireError("bar.\(key) is \(value); it must be greater than 0") }
        return value
    }

    /// A finite number, written as a JSON number or a decimal string.
    private static func number(_ object: WireObject, _ key: String) throws(WireError) -> Double {
        let value = try object.value(key)
        let number: Double?
        switch value {
        case .integer(let integer): number = Double(integer)
        case .number(let double): number = double
        case .string(let text): number = Decimal(decimalText: text) != nil ? Double(text) : nil
        default: number = nil
        }
        guard let number, number.isFinite else {
            throw WireError(
                "bar.\(key) is \(value.kind == "a string" ? "not a decimal" : value.kind); it must be a finite number")
        }
        return number
    }
}
