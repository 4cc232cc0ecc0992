/// Names that stand for numbers fixed when a strategy loads: a strategy's `params`.
///
/// They are replaced by number literals right after parsing, so a parameter is accepted wherever a
/// literal is, periods and look-back offsets included (`sma(close, fast)`, `close[lag]`).
public struct ExpressionConstants: Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        public var number: Double
        /// Written as a whole number: usable as a period or an offset.
        public var isInteger: Bool

        public init(_ number: Double, isInteger: Bool) {
            self.number = number
            self.isInteger = isInteger
        }
    }

    public private(set) var values: [String: Value]

    public init(_ values: [String: Value] = [:]) { self.values = values }

    public var isEmpty: Bool { values.isEmpty }
    public var names: [String] { values.keys.sorted() }

    public subscript(name: String) -> Value? { values[name] }
}

extension ExpressionNode {
    /// This tree with every identifier naming a constant replaced by the constant's literal, at the
    /// identifier's place (a diagnostic about it points where the name was written).
    public func substituting(_ constants: ExpressionConstants) -> ExpressionNode {
        guard !constants.isEmpty else { return self }
        func rewrite(_ node: ExpressionNode) -> ExpressionNode { node.substituting(constants) }
        switch kind {
        case .identifier(let name):
            guard let value = constants[name] else { return self }
            let literal = ExpressionNode(.number(abs(value.number), isInteger: value.isInteger), range: range)
            return value.number < 0 ? ExpressionNode(.unary(.negate, literal), range: range) : literal
        case .number, .boolean:
            return self
        case .call(let name, let nameRange, let arguments):
            return ExpressionNode(.call(name: name, nameRange: nameRange, arguments: arguments.map(rewrite)), range: range)
        case .member(let base, let field, let fieldRange):
            return ExpressionNode(.member(rewrite(base), field: field, fieldRange: fieldRange), range: range)
        case .lookBack(let base, let offset):
            return ExpressionNode(.lookBack(rewrite(base), offset: rewrite(offset)), range: range)
        case .unary(let op, let operand):
            return ExpressionNode(.unary(op, rewrite(operand)), range: range)
        case .binary(let op, let left, let right, let operatorRange):
            return ExpressionNode(.binary(op, rewrite(left), rewrite(right), operatorRange: operatorRange), range: range)
        }
    }
}

extension ParseResult {
    /// The parsed tree with `constants` substituted (see ``ExpressionNode/substituting(_:)``).
    public func substituting(_ constants: ExpressionConstants) -> ParseResult {
        ParseResult(expression: expression?.substituting(constants), diagnostics: diagnostics)
    }
}
