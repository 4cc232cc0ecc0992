import Foundation
import RunnerBroker

/// One line from a broker adapter, read: a reply to a request, or an event.
enum AdapterMessage: Sendable, Hashable {
    case reply(id: Int64, ReplyOutcome)
    case execution(ExecutionReport)
    /// The adapter's own connection to its broker: `.lost` or `.restored`.
    case connection(BrokerConnectionEvent)

    /// What a reply says: a result, or an error with its code.
    enum ReplyOutcome: Sendable, Hashable {
        case result(JSONValue)
        case error(code: String, message: String)
    }

    /// Reads one line; a line that is not JSON, not an object, or not a reply or event of the documented
    /// shape is a protocol violation, described.
    static func parse(_ line: Data) throws(WireError) -> AdapterMessage {
        guard let fields = JSONValue.object(line: line) else {
            let text = String(decoding: line.prefix(200), as: UTF8.self)
            let isJSON = (try? JSONDecoder().decode(JSONValue.self, from: line)) != nil
            throw WireError(
                isJSON
                    ? "the adapter printed JSON that is not an object: \(text)"
                    : "the adapter printed a line that is not JSON: \(text)")
        }
        let object = WireObject(fields, path: "the line")
        if fields["id"] != nil { return try reply(object) }
        if fields["event"] != nil { return try event(object) }
        throw WireError(
            "the adapter printed an object with neither \"id\" (a reply) nor \"event\": "
                + String(decoding: line.prefix(200), as: UTF8.self))
    }

    private static func reply(_ object: WireObject) throws(WireError) -> AdapterMessage {
        let id = try object.integer("id")
        let reply = WireObject(object.fields, path: "the reply to request \(id)")
        guard case .bool(let ok)? = reply.fields["ok"] else {
            throw WireError("\(reply.name("ok")) must be true or false")
        }
        if ok {
            return .reply(id: id, .result(try reply.value("result")))
        }
        let error = try reply.object("error")
        return .reply(id: id, .error(code: try error.string("code"), message: try error.string("message")))
    }

    private static func event(_ object: WireObject) throws(WireError) -> AdapterMessage {
        let kind = try object.string("event")
        let event = WireObject(object.fields, path: "the \(kind) event")
        switch kind {
        case "execution": return .execution(try BrokerWire.report(try event.object("report")))
        case "connection":
            let state = try event.string("state")
            switch state {
            case "lost": return .connection(.lost(reason: try event.string("reason")))
            case "restored": return .connection(.restored)
            default: throw WireError("\(event.name("state")) is \"\(state.prefix(40))\"; it must be lost or restored")
            }
        default:
            throw WireError("the line has \"event\": \"\(kind.prefix(40))\"; it must be execution or connection")
        }
    }
}
