import Foundation

/// The control channel's wire format: one JSON object on one line each way, both carrying `version`.
///
/// ```
/// -> {"kind":"halt","origin":"runner halt (pid 1234, user root)","reason":"news","version":1}
/// <- {"accepted":true,"message":"halted","version":1}
/// ```
/// A request that is too long, not JSON, of another version or of an unknown kind gets a refusal that
/// says so; the server never trusts a field it did not check.
public enum ControlWire {
    /// The version this build speaks; a request or reply of another version is refused.
    public static let version = 1
    /// The longest request line accepted, in bytes (a request is a few hundred).
    public static let maximumRequestBytes = 64 * 1_024
    /// The longest reply line read, in bytes (a status with thousands of working orders fits).
    public static let maximumReplyBytes = 16 * 1_024 * 1_024

    /// The request line, newline included.
    static func encode(_ command: ControlCommand) -> [UInt8] {
        line(RequestLine(version: version, kind: command.kind, reason: command.reason, origin: command.origin))
    }

    /// The reply line, newline included.
    static func encode(_ reply: ControlReply) -> [UInt8] {
        line(ReplyLine(version: version, accepted: reply.accepted, message: reply.message, status: reply.status))
    }

    /// The command in a request line (without its newline), or a sentence saying what is wrong with it.
    static func decodeRequest(_ bytes: [UInt8]) -> Result<ControlCommand, WireProblem> {
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(Header.self, from: Data(bytes)) else {
            return .failure(WireProblem("the request is not a JSON object on one line"))
        }
        guard let requestVersion = header.version else {
            return .failure(WireProblem("the request has no 'version'; this engine speaks version \(version)"))
        }
        guard requestVersion == version else {
            return .failure(
                WireProblem(
                    "the request is version \(requestVersion), but this engine speaks version \(version)"))
        }
        guard let kindSpelling = header.kind else {
            return .failure(
                WireProblem(
                    "the request has no 'kind'; the commands are \(ControlCommandKind.spellings)"))
        }
        guard let kind = ControlCommandKind(rawValue: kindSpelling) else {
            return .failure(
                WireProblem(
                    "'\(kindSpelling)' is not a command; the commands are \(ControlCommandKind.spellings)"))
        }
        do {
            let request = try decoder.decode(RequestLine.self, from: Data(bytes))
            return .success(ControlCommand(kind: kind, reason: request.reason, origin: request.origin))
        } catch {
            return .failure(WireProblem("the \(kind) request does not fit version \(version): \(describe(error))"))
        }
    }

    /// The reply in a reply line (without its newline), or a sentence saying what is wrong with it.
    static func decodeReply(_ bytes: [UInt8]) -> Result<ControlReply, WireProblem> {
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(Header.self, from: Data(bytes)) else {
            return .failure(WireProblem("the reply is not a JSON object on one line"))
        }
        guard header.version == version else {
            let seen = header.version.map { "version \($0)" } ?? "no version"
            return .failure(WireProblem("the reply has \(seen), but this runner speaks version \(version)"))
        }
        do {
            let reply = try decoder.decode(ReplyLine.self, from: Data(bytes))
            return .success(ControlReply(accepted: reply.accepted, message: reply.message, status: reply.status))
        } catch {
            return .failure(WireProblem("the reply does not fit version \(version): \(describe(error))"))
        }
    }

    private struct Header: Decodable {
        var version: Int?
        var kind: String?
    }

    private struct RequestLine: Codable {
        var version: Int
        var kind: ControlCommandKind
        var reason: String
        var origin: String
    }

    private struct ReplyLine: Codable {
        var version: Int
        var accepted: Bool
        var message: String
        var status: RunStatus?
    }

    private static func line(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every field is a string, number, bool or nested object of them: encoding cannot fail.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Array(data) + [UInt8(ascii: "\n")]
    }

    /// The short reason inside a decoding error: which key is missing or which value is wrong.
    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "'\(path(context.codingPath + [key]))' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "'\(path(context.codingPath))' has the wrong type"
        case DecodingError.dataCorrupted(let context):
            "'\(path(context.codingPath))': \(context.debugDescription)"
        default:
            "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce(into: "") { text, key in
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
    }
}

/// What is wrong with a request or reply line, as a sentence for the other side.
struct WireProblem: Error, Sendable, Hashable, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
