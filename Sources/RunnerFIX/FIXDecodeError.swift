/// What is wrong with bytes that should have been a FIX message.
///
/// Two kinds, handled as the FIX spec says: a **garbled** message (broken framing, bad body length or
/// checksum) is ignored and logged and consumes no sequence number, since nothing in it can be trusted;
/// a **well-framed** message with a bad field (a non-numeric tag, a missing `35`, a tag without a value)
/// gets a session Reject (`35=3`) referring to its sequence number.
public enum FIXDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Bytes that are not the start of a message (`8=FIX.4.4`), skipped.
    case garbageBeforeBeginString(byteCount: Int)
    /// `8=` holds another protocol version.
    case wrongBeginString(String)
    /// `9=` BodyLength does not follow `8=`.
    case missingBodyLength
    /// `9=` holds something other than digits.
    case malformedBodyLength(String)
    /// The body is longer than the decoder accepts.
    case messageTooLarge(bodyLength: Int, limit: Int)
    /// The declared body length does not end where the trailer begins.
    case wrongBodyLength(declared: Int)
    /// Another tag stands where `10=` CheckSum belongs.
    case missingCheckSum
    /// The checksum written differs from the bytes' sum.
    case badCheckSum(declared: String, computed: Int)
    /// A well-framed message has a tag that is not a positive number (session reject reason 0).
    case nonNumericTag(String)
    /// A well-framed message has no `35` MsgType as its first body field (session reject reason 1).
    case missingMessageType
    /// A well-framed message has a tag with no value (session reject reason 4).
    case emptyValue(tag: Int)

    /// Whether the FIX spec says to ignore the message (garbled) rather than reject it.
    public var isGarbled: Bool {
        switch self {
        case .nonNumericTag, .missingMessageType, .emptyValue: false
        default: true
        }
    }

    /// SessionRejectReason (`373`) and RefTagID (`371`) for a well-framed message with a bad field.
    public var sessionReject: (reason: Int, tag: Int?) {
        switch self {
        case .nonNumericTag: (0, nil)
        case .missingMessageType: (1, FIXTag.messageType)
        case .emptyValue(let tag): (4, tag)
        default: (99, nil)
        }
    }

    public var description: String {
        switch self {
        case .garbageBeforeBeginString(let count):
            "\(count) bytes before the start of a message (8=FIX.4.4) were skipped"
        case .wrongBeginString(let value): "BeginString (8) is \(value), not FIX.4.4"
        case .missingBodyLength: "BodyLength (9) does not follow BeginString (8)"
        case .malformedBodyLength(let value): "BodyLength (9) is '\(value)', not a number"
        case .messageTooLarge(let length, let limit): "BodyLength (9) \(length) exceeds the limit of \(limit) bytes"
        case .wrongBodyLength(let declared): "BodyLength (9) \(declared) does not end at the CheckSum (10)"
        case .missingCheckSum: "CheckSum (10) is missing after the body"
        case .badCheckSum(let declared, let computed):
            "CheckSum (10) is \(declared) but the bytes sum to \(FIXEncoder.threeDigits(computed))"
        case .nonNumericTag(let tag): "tag '\(tag)' is not a positive number"
        case .missingMessageType: "MsgType (35) is missing or not the first body field"
        case .emptyValue(let tag): "tag \(tag) has no value"
        }
    }
}
