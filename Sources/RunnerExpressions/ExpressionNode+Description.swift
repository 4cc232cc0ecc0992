extension ExpressionNode: CustomStringConvertible {
    /// The expression printed back canonically: single spaces around infix operators, `, ` between
    /// arguments, and parentheses only where precedence needs them (`(a + b) * c`, `ema(close, 12)`).
    ///
    /// Parsing the description gives back the same tree (apart from source ranges).
    public var description: String {
        switch kind {
        case .number(let value, let isInteger):
            return Self.format(value, isInteger: isInteger)
        case .boolean(let value):
            return value ? "true" : "false"
        case .identifier(let name):
            return name
        case .call(let name, _, let arguments):
            return "\(name)(\(arguments.map(\.description).joined(separator: ", ")))"
        case .member(let base, let field, _):
            return "\(base.operandDescription(atLeast: .postfix)).\(field)"
        case .lookBack(let base, let offset):
            return "\(base.operandDescription(atLeast: .postfix))[\(offset.description)]"
        case .timeframe(let base, let timeframe, _):
            return "\(base.operandDescription(atLeast: .postfix))@\(timeframe)"
        case .unary(.negate, let operand):
            return "-\(operand.operandDescription(atLeast: .negation))"
        case .unary(.not, let operand):
            return "not \(operand.operandDescription(atLeast: .not))"
        case .binary(let binaryOperator, let left, let right, _):
            let level = binaryOperator.precedence
            // Left-associative: the right operand needs parentheses at the same level (`a - (b - c)`),
            // and comparisons do not chain, so both of their operands do.
            let leftMinimum = level == .comparison ? Precedence.additive : level
            let rightMinimum = Precedence(rawValue: level.rawValue + 1) ?? .postfix
            return "\(left.operandDescription(atLeast: leftMinimum)) \(binaryOperator) "
                + right.operandDescription(atLeast: rightMinimum)
        }
    }

    /// The description, parenthesised when the node binds more loosely than `minimum`.
    func operandDescription(atLeast minimum: Precedence) -> String {
        precedence < minimum ? "(\(description))" : description
    }

    /// `12` for integers written as such, otherwise Swift's shortest round-tripping form (`0.5`, `1e-05`).
    static func format(_ value: Double, isInteger: Bool) -> String {
        if isInteger, abs(value) < 9_007_199_254_740_992, let integer = Int(exactly: value) {
            return String(integer)
        }
        return value.description
    }
}
