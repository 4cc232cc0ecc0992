import Foundation
import RunnerCore

/// One message of the market data v2 stream. Each frame is a JSON array of them:
///
///     [{"T":"success","msg":"connected"}]
///     [{"T":"success","msg":"authenticated"}]
///     [{"T":"subscription","trades":[],"quotes":[],"bars":["AAPL"]}]
///     [{"T":"b","S":"AAPL","o":133.72,"h":133.82,"l":133.7,"c":133.76,"v":3452,"t":"2021-02-22T15:51:00Z"}]
///     [{"T":"error","code":402,"msg":"auth failed"}]
enum MarketDataMessage: Sendable, Hashable {
    case success(String)
    case error(code: Int, message: String)
    case subscription(bars: [String])
    /// A minute bar, complete (`t` is its start).
    case bar(Bar)
    /// Trades, quotes, updated or daily bars, statuses: nothing this feed asked for.
    case ignored(String)

    private struct Item: Decodable {
        var type: String
        var msg: String?
        var code: Int?
        var bars: [String]?
        var symbol: String?
        var open: Double?
        var high: Double?
        var low: Double?
        var close: Double?
        var volume: Double?
        var time: String?

        enum CodingKeys: String, CodingKey {
            case type = "T"
            case msg, code, bars
            case symbol = "S"
            case open = "o"
            case high = "h"
            case low = "l"
            case close = "c"
            case volume = "v"
            case time = "t"
        }
    }

    /// The messages of one frame, in order.
    static func parse(_ bytes: [UInt8]) throws(AlpacaError) -> [MarketDataMessage] {
        let operation = "market data stream"
        let items: [Item]
        do { items = try JSONDecoder().decode([Item].self, from: Data(bytes)) } catch {
            throw .malformedReply(operation: operation, reason: "a message does not read: \(Diagnosis(error))")
        }
        var messages: [MarketDataMessage] = []
        for item in items {
            switch item.type {
            case "success": messages.append(.success(item.msg ?? ""))
            case "error": messages.append(.error(code: item.code ?? 0, message: item.msg ?? ""))
            case "subscription": messages.append(.subscription(bars: item.bars ?? []))
            case "b":
                guard let symbol = item.symbol, let open = item.open, let high = item.high, let low = item.low,
                    let close = item.close, let volume = item.volume,
                    [open, high, low, close, volume].allSatisfy(\.isFinite)
                else {
                    throw .malformedReply(operation: operation, reason: "a bar lacks S, o, h, l, c or v")
                }
                guard let time = item.time, let timestamp = RFC3339.milliseconds(time) else {
                    throw .malformedReply(
                        operation: operation, reason: "bar \(symbol) has time \(item.time ?? "missing"), not RFC 3339")
                }
                messages.append(
                    .bar(
                        Bar(
                            symbol: Symbol(symbol), timestamp: timestamp, open: open, high: high, low: low,
                            close: close,
                            volume: volume)))
            default: messages.append(.ignored(item.type))
            }
        }
        return messages
    }

    /// `{"action":"auth","key":"...","secret":"..."}`
    static func authentication(keyID: String, secretKey: String) -> String {
        TradeStreamMessage.json(["action": "auth", "key": keyID, "secret": secretKey])
    }

    /// `{"action":"subscribe","bars":["AAPL","MSFT"]}`
    static func subscribe(bars symbols: [Symbol]) -> String {
        TradeStreamMessage.json(["action": "subscribe", "bars": symbols.map(\.rawValue)])
    }
}
