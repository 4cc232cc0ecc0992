/// The type of an expression's value on each bar.
public enum ValueType: Sendable, Hashable, CustomStringConvertible {
    /// A number (a price, an indicator value, a ratio).
    case number
    /// True or false (a rule's condition).
    case boolean
    /// The several outputs of a multi-output indicator, chosen with `.field` (`bbands(close, 20, 2).upper`).
    ///
    /// Every output is a number.
    case record(fields: [String])

    /// `number`, `boolean`, or `record(upper, middle, lower)`.
    public var description: String {
        switch self {
        case .number: "number"
        case .boolean: "boolean"
        case .record(let fields): "record(\(fields.joined(separator: ", ")))"
        }
    }

    /// The type with an article, for messages: `a number`, `a boolean`, `a record with outputs k, d`.
    public var phrase: String {
        switch self {
        case .number: "a number"
        case .boolean: "a boolean"
        case .record(let fields): "a record with outputs \(fields.joined(separator: ", "))"
        }
    }

    /// The output names of a record, nil for a number or a boolean.
    public var fields: [String]? {
        if case .record(let fields) = self { fields } else { nil }
    }
}
