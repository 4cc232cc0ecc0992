import Foundation

/// A field of an incoming application message that is missing or holds a value we cannot use: logged, and
/// answered with a session Reject (`373` 1 required tag missing, 5 value incorrect) naming the tag.
struct FIXFieldProblem: Error, Sendable, Hashable, CustomStringConvertible {
    var tag: Int
    var missing: Bool
    var reason: String

    static func missing(_ tag: Int, in messageType: String) -> FIXFieldProblem {
        FIXFieldProblem(tag: tag, missing: true, reason: "MsgType \(messageType) lacks required tag \(tag)")
    }

    static func incorrect(_ tag: Int, _ value: String, _ expectation: String) -> FIXFieldProblem {
        FIXFieldProblem(
            tag: tag, missing: false, reason: "tag \(tag) is '\(value.prefix(40))', expected \(expectation)")
    }

    /// SessionRejectReason (`373`).
    var sessionRejectReason: Int { missing ? 1 : 5 }

    var description: String { reason }
}

extension FIXMessage {
    /// The value of `tag`, or a problem naming it.
    func required(_ tag: Int) throws(FIXFieldProblem) -> String {
        guard let value = self[tag], !value.isEmpty else { throw .missing(tag, in: messageType) }
        return value
    }

    /// The value of `tag` as a whole number of at least `minimum` (quantities: `38`, `32`, `14`).
    func requiredQuantity(_ tag: Int, minimum: Int64 = 0) throws(FIXFieldProblem) -> Int64 {
        let text = try required(tag)
        // FIX quantities may be written with a fraction ("100.0"); shares must be whole.
        guard let value = Decimal(fixText: text), value >= Decimal(minimum), value < Decimal(Int64.max) else {
            throw .incorrect(tag, text, "a whole number of at least \(minimum)")
        }
        let whole = NSDecimalNumber(decimal: value).int64Value
        guard Decimal(whole) == value else { throw .incorrect(tag, text, "a whole number of at least \(minimum)") }
        return whole
    }

    /// The value of `tag` as an exact decimal.
    func requiredDecimal(_ tag: Int) throws(FIXFieldProblem) -> Decimal {
        let text = try required(tag)
        guard let value = Decimal(fixText: text) else { throw .incorrect(tag, text, "a decimal number") }
        return value
    }
}
