import Foundation
import RunnerBroker
import RunnerCore

/// One message on the trade-updates stream (`wss://<host>/stream`), read from its JSON:
///
///     {"stream":"authorization","data":{"action":"authenticate","status":"authorized"}}
///     {"stream":"listening","data":{"streams":["trade_updates"]}}
///     {"stream":"trade_updates","data":{"event":"fill","execution_id":"...","price":"179.08","qty":"1",
///      "timestamp":"2021-...Z","order":{...}}}
enum TradeStreamMessage: Sendable, Hashable {
    case authorized
    case unauthorized(status: String)
    case listening(streams: [String])
    /// An order event the runner reports, with Alpaca's order (to learn its id and client order id).
    case update(ExecutionReport, order: AlpacaOrderRecord)
    /// An event that changes nothing for the runner (`pending_new`, `pending_cancel`, `replaced`, `done_for_day`,
    /// `calculated`, ...), or a stream this adapter did not ask for.
    case ignored(String)

    private struct Frame: Decodable {
        var stream: String
        var data: Payload?
    }

    private struct Payload: Decodable {
        var status: String?
        var action: String?
        var streams: [String]?
        var event: String?
        var executionID: String?
        var price: String?
        var qty: String?
        var timestamp: String?
        var order: AlpacaOrderRecord?

        enum CodingKeys: String, CodingKey {
            case status, action, streams, event, price, qty, timestamp, order
            case executionID = "execution_id"
        }
    }

    /// Reads one frame. Fill events carry the execution's own `qty`; Alpaca's older events lacked it, and
    /// then `previouslyFilled` (this adapter's running total for the order) gives it from the order's `filled_qty`.
    static func parse(_ bytes: [UInt8], previouslyFilled: (String) -> Int64?) throws(AlpacaError) -> TradeStreamMessage
    {
        let operation = "trade stream"
        let frame: Frame
        do { frame = try JSONDecoder().decode(Frame.self, from: Data(bytes)) } catch {
            throw .malformedReply(operation: operation, reason: "a message does not read: \(Diagnosis(error))")
        }
        switch frame.stream {
        case "authorization":
            let status = frame.data?.status ?? "missing"
            return status == "authorized" ? .authorized : .unauthorized(status: status)
        case "listening":
            return .listening(streams: frame.data?.streams ?? [])
        case "trade_updates":
            guard let data = frame.data, let event = data.event, let order = data.order else {
                throw .malformedReply(operation: operation, reason: "a trade update has no event or order")
            }
            let id = order.clientOrderID
            switch event {
            case "new": return .update(.accepted(clientOrderID: id), order: order)
            case "canceled", "expired": return .update(.cancelled(clientOrderID: id), order: order)
            case "rejected":
                return .update(
                    .rejected(clientOrderID: id, reason: "Alpaca rejected the order (\(order.status))"), order: order)
            case "fill", "partial_fill":
                guard let executionID = data.executionID, !executionID.isEmpty else {
                    throw .malformedReply(
                        operation: operation, reason: "a \(event) event for \(id) has no execution_id")
                }
                let quantity: Int64
                if let qty = data.qty {
                    quantity = try AlpacaConversion.shares(qty, field: "qty", operation: operation)
                } else {
                    let total = try AlpacaConversion.shares(
                        order.filledQty, field: "order.filled_qty", operation: operation)
                    guard let before = previouslyFilled(order.id) else {
                        throw .malformedReply(
                            operation: operation,
                            reason: "a \(event) event for \(id) has no qty, and the order's earlier fills are not known"
                        )
                    }
                    quantity = total - before
                }
                let fill = Fill(
                    executionID: executionID, clientOrderID: id, symbol: Symbol(order.symbol),
                    side: try AlpacaConversion.side(order.side, operation: operation), quantity: quantity,
                    price: try AlpacaConversion.decimal(data.price, field: "price", operation: operation), fee: 0,
                    timestamp: try AlpacaConversion.milliseconds(
                        data.timestamp, field: "timestamp", operation: operation))
                return .update(.filled(fill), order: order)
            default:
                return .ignored(event)
            }
        default:
            return .ignored(frame.stream)
        }
    }

    /// `{"action":"auth","key":"...","secret":"..."}`
    static func authentication(keyID: String, secretKey: String) -> String {
        json(["action": "auth", "key": keyID, "secret": secretKey])
    }

    /// `{"action":"listen","data":{"streams":["trade_updates"]}}`
    static let listen = #"{"action":"listen","data":{"streams":["trade_updates"]}}"#

    static func json(_ object: [String: any Sendable]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
