import Foundation

// Alpaca's JSON, as its trading API v2 documents it: only the fields this adapter reads. Numbers come as
// strings ("qty": "10", "price": "56.31"), read exactly (never through `Double`).

/// An order (`POST /v2/orders`, `GET /v2/orders...`, the `order` of a trade update).
struct AlpacaOrderRecord: Decodable, Sendable, Hashable {
    var id: String
    var clientOrderID: String
    var symbol: String
    var side: String
    /// Null for an order given as a notional amount.
    var qty: String?
    var filledQty: String?
    var status: String
    var submittedAt: String?
    var createdAt: String?

    enum CodingKeys: String, CodingKey {
        case id, symbol, side, qty, status
        case clientOrderID = "client_order_id"
        case filledQty = "filled_qty"
        case submittedAt = "submitted_at"
        case createdAt = "created_at"
    }
}

/// An open position (`GET /v2/positions`).
struct AlpacaPositionRecord: Decodable, Sendable {
    var symbol: String
    var qty: String
    /// `long` or `short`.
    var side: String?
}

/// The account (`GET /v2/account`).
struct AlpacaAccountRecord: Decodable, Sendable {
    var cash: String
    var currency: String
}

/// One execution in the account's activities (`GET /v2/account/activities/FILL`).
struct AlpacaFillActivityRecord: Decodable, Sendable {
    var id: String
    var activityType: String?
    var transactionTime: String
    var price: String
    var qty: String
    var side: String
    var symbol: String
    var orderID: String

    enum CodingKeys: String, CodingKey {
        case id, price, qty, side, symbol
        case activityType = "activity_type"
        case transactionTime = "transaction_time"
        case orderID = "order_id"
    }
}

/// One entry of a 207 multi-status answer (`DELETE /v2/orders`, `DELETE /v2/positions`): the order or
/// position it is about, its own HTTP status, and its body (an order, or Alpaca's error).
struct AlpacaMultiStatusRecord<Body: Decodable & Sendable>: Decodable, Sendable {
    var id: String?
    var symbol: String?
    var status: Int
    var body: Body?
    /// Alpaca's message for an entry that failed.
    var message: String?

    private enum CodingKeys: String, CodingKey { case id, symbol, status, body }
    private struct ErrorBody: Decodable { var message: String? }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        symbol = try container.decodeIfPresent(String.self, forKey: .symbol)
        status = try container.decode(Int.self, forKey: .status)
        body = try? container.decodeIfPresent(Body.self, forKey: .body)
        message = (try? container.decodeIfPresent(ErrorBody.self, forKey: .body))?.message
    }

    /// `AAPL (HTTP 500: ...)`, for an error message.
    var summary: String {
        "\(symbol ?? id ?? "?") (HTTP \(status)\(message.map { ": \($0)" } ?? ""))"
    }
}

/// Decodes a REST answer's body, naming the operation when it does not read.
func decodeReply<T: Decodable>(_ type: T.Type, from data: Data, operation: String) throws(AlpacaError) -> T {
    do { return try JSONDecoder().decode(type, from: data) } catch {
        throw .malformedReply(operation: operation, reason: "the body does not read as \(T.self): \(Diagnosis(error))")
    }
}

/// A decoding error in a few words, with the key path where it happened.
struct Diagnosis: CustomStringConvertible {
    let error: any Error
    init(_ error: any Error) { self.error = error }

    var description: String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "no \(key.stringValue) at '\(path(context))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at '\(path(context))': \(context.debugDescription)"
        case .dataCorrupted(let context): return "not JSON at '\(path(context))': \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
