import Foundation
import NIOCore
import NIOWebSocket

extension FakeAlpaca {
    /// Runs `body` on the model, then sends the frames it queued.
    func update<T>(_ body: (inout Model) -> T) -> T {
        let (result, outbox) = model.withLock { model in
            let result = body(&model)
            let outbox = model.outbox
            model.outbox = []
            return (result, outbox)
        }
        for (channel, text, binary) in outbox {
            let frame = WebSocketFrame(
                fin: true, opcode: binary ? .binary : .text, data: channel.allocator.buffer(string: text))
            channel.writeAndFlush(frame, promise: nil)
        }
        return result
    }

    // MARK: Streams

    func streamOpened(_ kind: StreamKind, channel: any Channel) -> Int {
        update { model in
            model.nextStream += 1
            model.streams[model.nextStream] = Stream(kind: kind, channel: channel)
            if kind == .marketData {
                model.outbox.append((channel, #"[{"T":"success","msg":"connected"}]"#, false))
            }
            return model.nextStream
        }
    }

    func streamClosed(_ id: Int) { update { $0.streams[id] = nil } }

    /// A client's message: auth, listen (trade stream) or subscribe (market data).
    func streamReceived(_ id: Int, text: String) {
        struct Action: Decodable {
            struct Data: Decodable { var streams: [String]? }
            var action: String
            var key: String?
            var secret: String?
            var data: Data?
            var bars: [String]?
        }
        update { model in
            guard var stream = model.streams[id] else { return }
            guard let action = try? JSONDecoder().decode(Action.self, from: Foundation.Data(text.utf8)) else {
                model.outbox.append((stream.channel, #"[{"T":"error","code":400,"msg":"invalid syntax"}]"#, false))
                return
            }
            let trading = stream.kind == .trading
            switch action.action {
            case "auth" where model.silentStreams:
                break
            case "auth":
                stream.authenticated = action.key == model.keyID && action.secret == model.secretKey
                let answer =
                    trading
                    ? #"{"stream":"authorization","data":{"action":"authenticate","status":"\#(stream.authenticated ? "authorized" : "unauthorized")"}}"#
                    : (stream.authenticated
                        ? #"[{"T":"success","msg":"authenticated"}]"#
                        : #"[{"T":"error","code":402,"msg":"auth failed"}]"#)
                model.outbox.append((stream.channel, answer, trading))
                if !stream.authenticated {
                    let channel = stream.channel
                    channel.eventLoop.execute { channel.close(promise: nil) }
                }
            case "listen" where trading && stream.authenticated:
                let streams = (action.data?.streams ?? []).filter { $0 == "trade_updates" }
                stream.listening = !streams.isEmpty
                let list = streams.map { #""\#($0)""# }.joined(separator: ",")
                model.outbox.append((stream.channel, #"{"stream":"listening","data":{"streams":[\#(list)]}}"#, true))
            case "subscribe" where !trading && stream.authenticated:
                stream.bars += action.bars ?? []
                let list = stream.bars.map { #""\#($0)""# }.joined(separator: ",")
                model.outbox.append(
                    (stream.channel, #"[{"T":"subscription","trades":[],"quotes":[],"bars":[\#(list)]}]"#, false))
            default:
                model.outbox.append(
                    (
                        stream.channel,
                        trading
                            ? #"{"stream":"error","data":{"msg":"not authorized"}}"#
                            : #"[{"T":"error","code":401,"msg":"not authenticated"}]"#, trading
                    ))
            }
            model.streams[id] = stream
        }
    }

    /// Closes every stream connection (the server side of a dropped connection).
    func dropStreams() {
        let channels = model.withLock { $0.streams.values.map(\.channel) }
        for channel in channels { channel.close(promise: nil) }
    }

    /// How many stream connections are open, by kind.
    func openStreams(_ kind: StreamKind) -> Int {
        model.withLock { $0.streams.values.filter { $0.kind == kind }.count }
    }

    /// Queues a trade update for every listening trade stream (binary frames, as Alpaca's paper stream sends).
    static func publishTradeUpdate(_ model: inout Model, _ text: String, binary: Bool = true) {
        for stream in model.streams.values where stream.kind == .trading && stream.listening {
            model.outbox.append((stream.channel, text, binary))
        }
    }

    /// Sends a frame of market data messages to every subscribed data stream.
    func publishMarketData(_ text: String) {
        update { model in
            for stream in model.streams.values where stream.kind == .marketData && !stream.bars.isEmpty {
                model.outbox.append((stream.channel, text, false))
            }
        }
    }

    // MARK: JSON

    static func json(_ order: Order) -> String {
        #"{"id":"\#(order.id)","client_order_id":"\#(order.clientOrderID)","created_at":"\#(time(order.submittedAt))","#
            + #""submitted_at":"\#(time(order.submittedAt))","asset_class":"us_equity","symbol":"\#(order.symbol)","#
            + #""qty":"\#(order.quantity)","filled_qty":"\#(order.filled)","filled_avg_price":null,"type":"market","#
            + #""side":"\#(order.side)","time_in_force":"day","status":"\#(order.status)","extended_hours":false}"#
    }

    /// `2021-02-22T15:51:00.123456Z`: Alpaca writes microseconds; the fake pads milliseconds with 456.
    static func time(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let fraction = milliseconds - seconds * 1000
        let text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(text.dropLast()) + "." + String(format: "%03d", fraction) + "456Z"
    }

    static func parseTime(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970 * 1000) }
    }

    /// `20210222155100123`, the date part of an activity id.
    static func activityDate(_ milliseconds: Int64) -> String {
        time(milliseconds).filter(\.isNumber).prefix(17).description
    }
}
