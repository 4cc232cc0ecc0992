import Foundation
import RunnerCore

/// Why a reply, event or bar does not have the shape the protocol gives it: the field and what was wrong.
struct WireError: Error, Sendable, Hashable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A JSON object of the protocol read field by field, each read checked against the documented type
/// (docs/PROCESS_ADAPTER.md), each failure naming the field by its path (`result.fills[2].price`).
struct WireObject: Sendable {
    let fields: [String: JSONValue]
    /// Where the object sits in its line, for messages: `result`, `report`, `result[3]`.
    let path: String

    init(_ fields: [String: JSONValue], path: String) {
        self.fields = fields
        self.path = path
    }

    /// `value` as an object, or why not.
    init(_ value: JSONValue, path: String) throws(WireError) {
        guard case .object(let fields) = value else { throw WireError("\(path) is \(value.kind), not an object") }
        self.init(fields, path: path)
    }

    func name(_ key: String) -> String { "\(path).\(key)" }

    func value(_ key: String) throws(WireError) -> JSONValue {
        guard let value = fields[key] else { throw WireError("\(name(key)) is missing") }
        return value
    }

    func string(_ key: String) throws(WireError) -> String {
        let value = try value(key)
        guard case .string(let text) = value else { throw WireError("\(name(key)) is \(value.kind), not a string") }
        return text
    }

    func optionalString(_ key: String) throws(WireError) -> String? {
        guard fields[key] != nil, fields[key] != .null else { return nil }
        return try string(key)
    }

    func integer(_ key: String) throws(WireError) -> Int64 {
        let value = try value(key)
        switch value {
        case .integer(let number): return number
        case .number(let number): throw WireError("\(name(key)) is \(number), not an integer")
        default: throw WireError("\(name(key)) is \(value.kind), not an integer")
        }
    }

    func optionalInteger(_ key: String) throws(WireError) -> Int64? {
        guard fields[key] != nil, fields[key] != .null else { return nil }
        return try integer(key)
    }

    /// A strictly positive integer (a quantity).
    func positiveInteger(_ key: String) throws(WireError) -> Int64 {
        let number = try integer(key)
        guard number > 0 else { throw WireError("\(name(key)) is \(number); it must be greater than 0") }
        return number
    }

    /// An exact decimal written as a string (`"56.31"`), as prices, fees and cash are.
    func decimal(_ key: String) throws(WireError) -> Decimal {
        let text = try string(key)
        guard let value = Decimal(decimalText: text) else {
            throw WireError("\(name(key)) is \"\(text.prefix(40))\", not a decimal such as \"56.31\"")
        }
        return value
    }

    func symbol(_ key: String) throws(WireError) -> Symbol {
        let text = try string(key)
        guard Symbol.isValid(text) else {
            throw WireError(
                "\(name(key)) is \"\(text.prefix(40))\", not a symbol (upper-case letters, digits, . - / _)")
        }
        return Symbol(text)
    }

    func side(_ key: String) throws(WireError) -> OrderSide {
        let text = try string(key)
        guard let side = OrderSide(rawValue: text) else {
            throw WireError("\(name(key)) is \"\(text.prefix(40))\"; it must be buy or sell")
        }
        return side
    }

    func object(_ key: String) throws(WireError) -> WireObject {
        try WireObject(try value(key), path: name(key))
    }

    /// The elements of an array field, each as an object.
    static func objects(in value: JSONValue, path: String) throws(WireError) -> [WireObject] {
        guard case .array(let elements) = value else { throw WireError("\(path) is \(value.kind), not an array") }
        var objects: [WireObject] = []
        for (index, element) in elements.enumerated() {
            objects.append(try WireObject(element, path: "\(path)[\(index)]"))
        }
        return objects
    }
}
