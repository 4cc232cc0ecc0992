import Foundation

extension FakeAlpaca {
    // MARK: REST

    func handle(_ request: Request) -> Reply {
        update { model in
            model.requests.append("\(request.method) \(request.path)")
            if let limited = model.rateLimited, limited.count > 0 {
                model.rateLimited = limited.count > 1 ? (limited.count - 1, limited.retryAfter, limited.reset) : nil
                var headers: [(String, String)] = []
                if let retryAfter = limited.retryAfter { headers.append(("Retry-After", retryAfter)) }
                if let reset = limited.reset { headers.append(("X-RateLimit-Reset", reset)) }
                return .respond(status: 429, headers: headers, body: Self.error(42_910_000, "rate limit exceeded"))
            }
            guard request.headers["apca-api-key-id"] == model.keyID,
                request.headers["apca-api-secret-key"] == model.secretKey
            else { return Self.reply(401, Self.error(40_110_000, "request is not authorized")) }
            return Self.route(request, &model)
        }
    }

    static func reply(_ status: Int, _ body: String) -> Reply { .respond(status: status, headers: [], body: body) }

    static func error(_ code: Int, _ message: String) -> String { #"{"code":\#(code),"message":"\#(message)"}"# }

    private static func route(_ request: Request, _ model: inout Model) -> Reply {
        let path = request.path
        // `/v2/orders/{id}`: the id, and the path with `{id}` in its place.
        let orderID = path.hasPrefix("/v2/orders/") ? String(path.dropFirst("/v2/orders/".count)) : ""
        let route = orderID.isEmpty ? path : "/v2/orders/{id}"
        switch (request.method, route) {
        case ("GET", "/v2/account"):
            return reply(
                200,
                #"{"id":"acct-1","account_number":"PA1","status":"ACTIVE","currency":"USD","cash":"\#(model.cash)","#
                    + #""buying_power":"\#(model.cash)"}"#)
        case ("POST", "/v2/orders"): return submit(request, &model)
        case ("GET", "/v2/orders:by_client_order_id"):
            guard let order = model.orders.first(where: { $0.clientOrderID == request.query["client_order_id"] }) else {
                return reply(404, error(40_410_000, "order not found"))
            }
            return reply(200, json(order))
        case ("GET", "/v2/orders/{id}"):
            guard let order = model.orders.first(where: { $0.id == orderID }) else {
                return reply(404, error(40_410_000, "order not found"))
            }
            return reply(200, json(order))
        case ("GET", "/v2/orders"):
            guard request.query["status"] == "open" else {
                return reply(422, error(40_010_001, "status must be open here"))
            }
            let limit = Int(request.query["limit"] ?? "50") ?? 50
            return reply(200, "[" + model.orders.filter(\.isOpen).prefix(limit).map(json).joined(separator: ",") + "]")
        case ("DELETE", "/v2/orders/{id}"):
            guard let index = model.orders.firstIndex(where: { $0.id == orderID }) else {
                return reply(404, error(40_410_000, "order not found"))
            }
            guard model.orders[index].isOpen else { return reply(422, error(42_210_000, "order is not cancelable")) }
            cancel(index, &model)
            return reply(204, "")
        case ("DELETE", "/v2/orders"):
            var entries: [String] = []
            for index in model.orders.indices where model.orders[index].isOpen {
                guard !model.stuck.contains(model.orders[index].clientOrderID) else {
                    let failure = error(50_010_000, "internal server error")
                    entries.append(#"{"id":"\#(model.orders[index].id)","status":500,"body":\#(failure)}"#)
                    continue
                }
                cancel(index, &model)
                entries.append(
                    #"{"id":"\#(model.orders[index].id)","status":200,"body":\#(json(model.orders[index]))}"#)
            }
            return reply(207, "[" + entries.joined(separator: ",") + "]")
        case ("DELETE", "/v2/positions"):
            if request.query["cancel_orders"] == "true" {
                for index in model.orders.indices where model.orders[index].isOpen { cancel(index, &model) }
            }
            var entries: [String] = []
            for (symbol, quantity) in model.positions.sorted(by: { $0.key < $1.key }) where quantity != 0 {
                model.sequence += 1
                let order = Order(
                    id: "order-\(model.sequence)", clientOrderID: "close-\(model.sequence)", symbol: symbol,
                    side: quantity > 0 ? "sell" : "buy", quantity: abs(quantity), submittedAt: model.now)
                model.orders.append(order)
                entries.append(#"{"symbol":"\#(symbol)","status":200,"body":\#(json(order))}"#)
            }
            return reply(207, "[" + entries.joined(separator: ",") + "]")
        case ("GET", "/v2/positions"):
            let positions = model.positions.sorted { $0.key < $1.key }.filter { $0.value != 0 }.map {
                symbol, quantity in
                #"{"symbol":"\#(symbol)","qty":"\#(quantity)","side":"\#(quantity > 0 ? "long" : "short")","#
                    + #""avg_entry_price":"10.00","asset_class":"us_equity"}"#
            }
            return reply(200, "[" + positions.joined(separator: ",") + "]")
        case ("GET", "/v2/account/activities/FILL"): return activities(request, model)
        default:
            return reply(404, error(40_410_000, "endpoint not found: \(request.method) \(request.path)"))
        }
    }

    private static func submit(_ request: Request, _ model: inout Model) -> Reply {
        struct Body: Decodable {
            var symbol: String
            var qty: String
            var side: String
            var type: String
            var time_in_force: String
            var client_order_id: String
        }
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(request.body)) else {
            return reply(422, error(40_010_001, "invalid order body"))
        }
        guard let quantity = Int64(body.qty), quantity > 0 else {
            return reply(422, error(40_010_001, "qty must be > 0"))
        }
        guard ["buy", "sell"].contains(body.side), body.type == "market", body.time_in_force == "day" else {
            return reply(422, error(40_010_001, "invalid side, type or time_in_force"))
        }
        let fault = model.orderFault
        model.orderFault = nil
        switch fault {
        case .serverErrorBeforeStoring: return reply(500, error(50_010_000, "internal server error"))
        case .silenceBeforeStoring: return .silence
        default: break
        }
        if let refusal = model.refusals[body.symbol] {
            return reply(refusal.status, error(40_310_000, refusal.message))
        }
        guard !model.orders.contains(where: { $0.clientOrderID == body.client_order_id }) else {
            return reply(422, error(40_010_001, "client_order_id must be unique"))
        }
        model.sequence += 1
        let order = Order(
            id: "order-\(model.sequence)", clientOrderID: body.client_order_id, symbol: body.symbol, side: body.side,
            quantity: quantity, submittedAt: model.now)
        model.orders.append(order)
        publishTradeUpdate(
            &model,
            #"{"stream":"trade_updates","data":{"event":"new","timestamp":"\#(time(model.now))","order":\#(json(order))}}"#
        )
        switch fault {
        case .serverErrorAfterStoring: return reply(500, error(50_010_000, "internal server error"))
        case .silenceAfterStoring: return .silence
        case .unreadableAfterStoring: return reply(200, #"{"id":"#)
        default: return reply(200, json(order))
        }
    }

    private static func cancel(_ index: Int, _ model: inout Model) {
        model.orders[index].status = "canceled"
        publishTradeUpdate(
            &model,
            #"{"stream":"trade_updates","data":{"event":"canceled","timestamp":"\#(time(model.now))","#
                + #""order":\#(json(model.orders[index]))}}"#)
    }

    /// Fill activities after `after` (exclusive), oldest first, `page_size` at most, after `page_token`.
    private static func activities(_ request: Request, _ model: Model) -> Reply {
        guard request.query["direction"] == "asc" else {
            return reply(422, error(40_010_001, "expected direction=asc"))
        }
        let pageSize = min(Int(request.query["page_size"] ?? "100") ?? 100, 100)
        var selected = model.activities
        if let after = request.query["after"] {
            guard let milliseconds = parseTime(after) else { return reply(422, error(40_010_001, "invalid after")) }
            selected = selected.filter { $0.time > milliseconds }
        }
        if let token = request.query["page_token"] {
            guard let index = selected.firstIndex(where: { $0.id == token }) else {
                return reply(422, error(40_010_001, "invalid page_token"))
            }
            selected = Array(selected[(index + 1)...])
        }
        let page = selected.prefix(pageSize).map { activity in
            #"{"id":"\#(activity.id)","activity_type":"FILL","transaction_time":"\#(time(activity.time))","#
                + #""type":"\#(activity.partial ? "partial_fill" : "fill")","price":"\#(activity.price)","#
                + #""qty":"\#(activity.quantity)","side":"\#(activity.side)","symbol":"\#(activity.symbol)","#
                + #""leaves_qty":"0","order_id":"\#(activity.orderID)","cum_qty":"\#(activity.quantity)"}"#
        }
        return reply(200, "[" + page.joined(separator: ",") + "]")
    }
}
