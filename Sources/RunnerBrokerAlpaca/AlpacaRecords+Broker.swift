import Foundation
import RunnerBroker
import RunnerCore

/// Reading Alpaca's figures and words into the runner's types; anything outside what the runner trades
/// (fractional shares, an unknown status) is an error that names the value, never a guess.
enum AlpacaConversion {
    /// A whole number of shares from `"10"`, `"-10"` or `"10.000"`.
    static func shares(_ text: String?, field: String, operation: String) throws(AlpacaError) -> Int64 {
        guard let text, let value = Decimal(decimalText: text) else {
            throw .malformedReply(
                operation: operation, reason: "\(field) \(text.map { "'\($0)'" } ?? "missing") is not a number")
        }
        let whole = NSDecimalNumber(decimal: value).int64Value
        guard value == value.rounded(toPlaces: 0), Decimal(whole) == value else {
            throw .malformedReply(operation: operation, reason: "\(field) \(text) is not a whole number of shares")
        }
        return whole
    }

    /// An exact price or cash amount.
    static func decimal(_ text: String?, field: String, operation: String) throws(AlpacaError) -> Decimal {
        guard let text, let value = Decimal(decimalText: text) else {
            throw .malformedReply(
                operation: operation, reason: "\(field) \(text.map { "'\($0)'" } ?? "missing") is not a number")
        }
        return value
    }

    static func side(_ text: String, operation: String) throws(AlpacaError) -> OrderSide {
        switch text {
        case "buy": .buy
        // A fill activity says `sell_short` for a sale that opens a short position.
        case "sell", "sell_short": .sell
        default: throw .malformedReply(operation: operation, reason: "side '\(text)' is neither buy nor sell")
        }
    }

    static func milliseconds(_ text: String?, field: String, operation: String) throws(AlpacaError) -> Int64 {
        guard let text, let value = RFC3339.milliseconds(text) else {
            throw .malformedReply(
                operation: operation, reason: "\(field) \(text.map { "'\($0)'" } ?? "missing") is not an RFC 3339 time")
        }
        return value
    }

    /// Alpaca's order status as the runner's. `done_for_day`, `expired`, `replaced` and `canceled` no longer
    /// trade (this adapter sends `day` orders only); `pending_*`, `held`, `calculated` and the like still may.
    static func status(_ text: String, filled: Int64, operation: String) throws(AlpacaError) -> OrderStatus {
        switch text {
        case "new", "accepted", "pending_new", "accepted_for_bidding", "held", "calculated", "pending_cancel",
            "pending_replace", "stopped", "suspended":
            filled > 0 ? .partiallyFilled : .accepted
        case "partially_filled": .partiallyFilled
        case "filled": .filled
        case "canceled", "expired", "done_for_day", "replaced": .cancelled
        case "rejected": .rejected
        default:
            throw .malformedReply(operation: operation, reason: "order status '\(text)' is not one Alpaca documents")
        }
    }

    /// The broker's record of an order. `known` is the order as this adapter sent it, when it did (its parent,
    /// strategy and slice are not at Alpaca); otherwise they are empty and the venue is `alpaca`.
    static func brokerOrder(_ record: AlpacaOrderRecord, known: ChildOrder?, operation: String) throws(AlpacaError)
        -> BrokerOrder
    {
        let quantity = try shares(record.qty, field: "qty", operation: operation)
        let filled =
            try record.filledQty.map { (text) throws(AlpacaError) in
                try shares(text, field: "filled_qty", operation: operation)
            } ?? 0
        let side = try side(record.side, operation: operation)
        let acceptedAt = try milliseconds(
            record.submittedAt ?? record.createdAt, field: "submitted_at", operation: operation)
        let order =
            known
            ?? ChildOrder(
                clientOrderID: record.clientOrderID, parentID: "", strategy: "", symbol: Symbol(record.symbol),
                side: side, quantity: quantity, venue: "alpaca", releaseAt: acceptedAt, sliceIndex: 0)
        var reported = order
        // Alpaca's figures win where they differ from what was sent: the lookup compares them.
        reported.symbol = Symbol(record.symbol)
        reported.side = side
        reported.quantity = quantity
        return BrokerOrder(
            order: reported, filledQuantity: filled,
            status: try status(record.status, filled: filled, operation: operation),
            acceptedAt: acceptedAt)
    }

    /// An execution from the account activities. The activity id is `<date>::<execution id>`; the part after
    /// `::` is the trade stream's `execution_id`, so a fill seen both ways has one `executionID`.
    static func fill(_ record: AlpacaFillActivityRecord, clientOrderID: String, operation: String) throws(AlpacaError)
        -> Fill
    {
        Fill(
            executionID: executionID(activityID: record.id), clientOrderID: clientOrderID,
            symbol: Symbol(record.symbol),
            side: try side(record.side, operation: operation),
            quantity: try shares(record.qty, field: "qty", operation: operation),
            price: try decimal(record.price, field: "price", operation: operation), fee: 0,
            timestamp: try milliseconds(record.transactionTime, field: "transaction_time", operation: operation))
    }

    static func executionID(activityID: String) -> String {
        guard let range = activityID.range(of: "::") else { return activityID }
        let tail = activityID[range.upperBound...]
        return tail.isEmpty ? activityID : String(tail)
    }
}
