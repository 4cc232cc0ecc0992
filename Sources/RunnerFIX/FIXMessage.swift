import Foundation
import RunnerCore

/// One tag=value pair of a FIX message.
public struct FIXField: Sendable, Hashable {
    public var tag: Int
    public var value: String

    public init(_ tag: Int, _ value: String) {
        self.tag = tag
        self.value = value
    }
}

/// A FIX message as an ordered list of fields, `35` MsgType first; the framing fields `8`, `9` and `10`
/// are added by ``FIXEncoder`` and removed by ``FIXFrameDecoder``. Order is kept because repeating groups
/// (PositionReport's `702` NoPositions) are defined by it.
public struct FIXMessage: Sendable, Hashable, CustomStringConvertible {
    public var fields: [FIXField]

    /// A message of type `messageType` with `body` after it (header fields included, in the order given).
    public init(type messageType: String, _ body: [FIXField] = []) {
        fields = [FIXField(FIXTag.messageType, messageType)] + body
    }

    /// A message made of exactly these fields (the decoder's output).
    public init(fields: [FIXField]) {
        self.fields = fields
    }

    /// The `35` MsgType, or an empty string when it is missing.
    public var messageType: String { self[FIXTag.messageType] ?? "" }

    /// The first value of `tag`, or nil.
    public subscript(tag: Int) -> String? {
        fields.first { $0.tag == tag }?.value
    }

    /// The first value of `tag` as an integer; nil when missing or not a plain integer.
    public func integer(_ tag: Int) -> Int64? {
        guard let text = self[tag], !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 || $0 == 45 }) else {
            return nil
        }
        return Int64(text)
    }

    /// The first value of `tag` as an exact decimal (`56.31` stays 56.31); nil when missing or malformed.
    public func decimal(_ tag: Int) -> Decimal? {
        self[tag].flatMap { Decimal(fixText: $0) }
    }

    /// The largest sequence number accepted (a 32-bit signed integer, as FIX engines keep them): larger
    /// ones are malformed, so arithmetic on them never overflows.
    public static let maximumSequenceNumber = Int(Int32.max)

    /// The first value of `tag` as a sequence number (`34`, `7`, `16`, `36`, `45`): 0 through
    /// ``maximumSequenceNumber``; nil when missing or anything else.
    public func sequenceNumber(_ tag: Int) -> Int? {
        guard let value = integer(tag), value >= 0, value <= Int64(Self.maximumSequenceNumber) else { return nil }
        return Int(value)
    }

    /// Whether `tag` is `Y`.
    public func flag(_ tag: Int) -> Bool { self[tag] == "Y" }

    /// Appends a field.
    public mutating func append(_ tag: Int, _ value: String) {
        fields.append(FIXField(tag, value))
    }

    /// Replaces the first value of `tag`, or appends it.
    public mutating func set(_ tag: Int, _ value: String) {
        if let index = fields.firstIndex(where: { $0.tag == tag }) {
            fields[index].value = value
        } else {
            fields.append(FIXField(tag, value))
        }
    }

    /// The entries of the repeating group counted by `countTag`: each entry starts with `firstTag` and holds
    /// the following fields whose tags are in `memberTags`. Nil when the count is missing, malformed or
    /// disagrees with the entries found, so a truncated group is never read as a shorter one.
    public func group(count countTag: Int, first firstTag: Int, members memberTags: Set<Int>) -> [[FIXField]]? {
        guard let countIndex = fields.firstIndex(where: { $0.tag == countTag }),
            let count = Int(fields[countIndex].value), count >= 0
        else { return nil }
        var entries: [[FIXField]] = []
        var index = countIndex + 1
        while index < fields.count {
            let field = fields[index]
            if field.tag == firstTag {
                entries.append([field])
            } else if memberTags.contains(field.tag), !entries.isEmpty {
                entries[entries.count - 1].append(field)
            } else {
                break
            }
            index += 1
        }
        return entries.count == count ? entries : nil
    }

    /// `35=D|49=RUNNER|...`: the fields with `|` for SOH, for logs; a Password (`554`) shows as `***`.
    public var description: String {
        fields.map { "\($0.tag)=\($0.tag == FIXTag.password ? "***" : $0.value)" }.joined(separator: "|")
    }
}

extension Decimal {
    /// A FIX price or amount (`56.31`, `-0.0035`, `100`): digits with an optional sign and point, read
    /// exactly. Nil for anything else.
    init?(fixText text: String) {
        guard !text.isEmpty, text.utf8.count <= 40 else { return nil }
        var sawDigit = false
        var sawPoint = false
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "."):
                guard !sawPoint else { return nil }
                sawPoint = true
            case UInt8(ascii: "-") where offset == 0: break
            default: return nil
            }
        }
        guard sawDigit,
            let value = Decimal(decimalText: text.hasSuffix(".") ? text + "0" : text)
                ?? Decimal(
                    string: text, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        self = value
    }
}
