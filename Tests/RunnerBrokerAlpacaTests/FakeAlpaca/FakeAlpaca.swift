import Foundation
import NIOCore
import RunnerCore

/// An in-memory Alpaca that follows the documented trading API v2: the account, orders with unique client
/// order ids, positions, fill activities with paging, cancel / cancel all / close all, 401 on wrong keys,
/// and the trade-updates and market data streams. Tests drive it (fills, bars, faults) and read what it was asked.
final class FakeAlpaca: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var query: [String: String]
        var headers: [String: String]
        var body: [UInt8]
    }

    enum Reply: Sendable {
        case respond(status: Int, headers: [(String, String)], body: String)
        /// No answer at all: the client's timeout decides.
        case silence
    }

    /// What goes wrong with the next `POST /v2/orders`.
    enum OrderFault: Sendable {
        case serverErrorAfterStoring, serverErrorBeforeStoring, silenceAfterStoring, silenceBeforeStoring
        /// A 200 whose body is not JSON.
        case unreadableAfterStoring
    }

    enum StreamKind: Sendable { case trading, marketData }

    struct Order: Sendable {
        var id: String
        var clientOrderID: String
        var symbol: String
        var side: String
        var quantity: Int64
        var filled: Int64 = 0
        var status = "new"
        var submittedAt: Int64
        var isOpen: Bool { status == "new" || status == "partially_filled" }
    }

    struct Activity: Sendable {
        var id: String
        var time: Int64
        var partial: Bool
        var price: String
        var quantity: Int64
        var side: String
        var symbol: String
        var orderID: String
    }

    struct Stream: Sendable {
        var kind: StreamKind
        var channel: any Channel
        var authenticated = false
        var listening = false
        var bars: [String] = []
    }

    struct Model: Sendable {
        var keyID: String
        var secretKey: String
        var cash = Decimal(100_000)
        var orders: [Order] = []
        var positions: [String: Int64] = [:]
        var activities: [Activity] = []
        var orderFault: OrderFault?
        var rateLimited: (count: Int, retryAfter: String?, reset: String?)?
        var refusals: [String: (status: Int, message: String)] = [:]
        /// Client order ids `DELETE /v2/orders` fails to cancel (their entry says 500).
        var stuck: Set<String> = []
        /// Streams that never answer `auth`.
        var silentStreams = false
        var requests: [String] = []
        var streams: [Int: Stream] = [:]
        var nextStream = 0
        var sequence = 0
        var now: Int64 = 1_614_009_060_000  // 2021-02-22T15:51:00Z
        /// Frames to send once the lock is released (a write may close a channel, which takes the lock).
        var outbox: [(channel: any Channel, text: String, binary: Bool)] = []
    }

    let model: Locked<Model>

    init(keyID: String, secretKey: String) {
        model = Locked(Model(keyID: keyID, secretKey: secretKey))
    }

    // MARK: What tests do

    func failNextOrder(_ fault: OrderFault) { update { $0.orderFault = fault } }

    /// Answers the next `count` requests with 429 and these headers.
    func rateLimitNext(_ count: Int, retryAfter: String?, reset: String? = nil) {
        update { $0.rateLimited = (count, retryAfter, reset) }
    }

    /// Orders for `symbol` are refused with this status and message.
    func refuse(symbol: String, status: Int, message: String) {
        update { $0.refusals[symbol] = (status, message) }
    }

    /// `DELETE /v2/orders` fails to cancel this order (a 500 entry in its multi-status answer).
    func makeStuck(clientOrderID: String) { update { _ = $0.stuck.insert(clientOrderID) } }

    /// Streams accept the connection and never answer authentication.
    func silenceStreams() { update { $0.silentStreams = true } }

    func setKeys(keyID: String, secretKey: String) {
        update {
            $0.keyID = keyID
            $0.secretKey = secretKey
        }
    }

    func setCash(_ text: String) { update { $0.cash = Decimal(string: text)! } }

    /// Sets a position directly (as if filled before the test).
    func setPosition(_ symbol: String, _ quantity: Int64) { update { $0.positions[symbol] = quantity } }

    /// The requests received so far, as `METHOD /path`.
    var requests: [String] { update { $0.requests } }

    func order(clientOrderID: String) -> Order? { update { $0.orders.first { $0.clientOrderID == clientOrderID } } }

    var orderCount: Int { update { $0.orders.count } }

    /// Executes `quantity` of the order at `price`: the order, position, cash and activities change, and
    /// listening trade streams get a `fill` or `partial_fill`. Returns the execution id.
    @discardableResult
    func fill(clientOrderID: String, quantity: Int64, price: String) -> String {
        update { model in
            guard let index = model.orders.firstIndex(where: { $0.clientOrderID == clientOrderID }) else {
                fatalError("no order \(clientOrderID)")
            }
            model.sequence += 1
            model.now += 1_234
            let executionID = "e\(model.sequence)-0000-4000-8000-\(String(model.sequence, radix: 16))"
            var order = model.orders[index]
            order.filled += quantity
            order.status = order.filled >= order.quantity ? "filled" : "partially_filled"
            model.orders[index] = order
            let signed = order.side == "buy" ? quantity : -quantity
            model.positions[order.symbol, default: 0] += signed
            model.cash -= Decimal(signed) * Decimal(string: price)!
            let time = model.now
            model.activities.append(
                Activity(
                    id: "\(Self.activityDate(time))::\(executionID)", time: time, partial: order.status != "filled",
                    price: price, quantity: quantity, side: order.side, symbol: order.symbol, orderID: order.id))
            let event = order.status == "filled" ? "fill" : "partial_fill"
            Self.publishTradeUpdate(
                &model,
                #"{"stream":"trade_updates","data":{"event":"\#(event)","execution_id":"\#(executionID)","#
                    + #""price":"\#(price)","qty":"\#(quantity)","position_qty":"\#(model.positions[order.symbol] ?? 0)","#
                    + #""timestamp":"\#(Self.time(time))","order":\#(Self.json(order))}}"#)
            return executionID
        }
    }

    /// Tells listening trade streams that Alpaca rejected the order.
    func rejectOnStream(clientOrderID: String) {
        update { model in
            guard let index = model.orders.firstIndex(where: { $0.clientOrderID == clientOrderID }) else { return }
            model.orders[index].status = "rejected"
            Self.publishTradeUpdate(
                &model,
                #"{"stream":"trade_updates","data":{"event":"rejected","timestamp":"\#(Self.time(model.now))","#
                    + #""order":\#(Self.json(model.orders[index]))}}"#)
        }
    }

    /// Sends raw text to listening trade streams, in a binary frame or a text one.
    func publishRawTradeUpdate(_ text: String, binary: Bool = true) {
        update { Self.publishTradeUpdate(&$0, text, binary: binary) }
    }

    /// Makes `count` one-share fills of new orders for `symbol` (for paging).
    func seedFills(_ count: Int, symbol: String) {
        for index in 0..<count {
            let id = "seed-\(index)"
            update { model in
                model.sequence += 1
                model.orders.append(
                    Order(
                        id: "order-\(model.sequence)", clientOrderID: id, symbol: symbol, side: "buy", quantity: 1,
                        submittedAt: model.now))
            }
            fill(clientOrderID: id, quantity: 1, price: "10.01")
        }
    }
}
