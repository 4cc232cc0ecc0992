import RunnerDiagnostics

/// One node of a parsed expression, with the source range it was read from.
///
/// The tree is a plain value: it keeps the expression exactly as written (no defaults filled in, no
/// constant folding), so diagnostics can point at any part of it and a later stage can compile it into an
/// evaluation plan by walking ``kind`` recursively. Parentheses leave no node; the tree shape records them.
public struct ExpressionNode: Sendable, Hashable {
    /// What the node is, with its children.
    public var kind: Kind
    /// Where the node was written, from its first character to just after its last.
    public var range: SourceRange

    /// A node of the given kind read from `range`.
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The forms an expression can take.
    public indirect enum Kind: Sendable, Hashable {
        /// A number literal such as `12`, `0.5` or `1e-3`; `isInteger` is true when written without `.` or an
        /// exponent, so it prints back the same way.
        case number(Double, isInteger: Bool)
        /// `true` or `false`.
        case boolean(Bool)
        /// A bar field (`close`) or a named indicator (`fast`).
        case identifier(String)
        /// A function or indicator call, `name(arguments...)`; `nameRange` covers the name alone.
        case call(name: String, nameRange: SourceRange, arguments: [ExpressionNode])
        /// One output of a multi-output indicator, `base.field`; `fieldRange` covers the field name alone.
        case member(ExpressionNode, field: String, fieldRange: SourceRange)
        /// The value `offset` bars ago, `base[offset]`.
        case lookBack(ExpressionNode, offset: ExpressionNode)
        /// `base@timeframe`: `base` evaluated on bars of a higher timeframe, read at the last completed one;
        /// `atRange` covers the `@` and the timeframe.
        case timeframe(ExpressionNode, Timeframe, atRange: SourceRange)
        /// `-operand` or `not operand`.
        case unary(UnaryOperator, ExpressionNode)
        /// `left op right`; `operatorRange` covers the operator alone.
        case binary(BinaryOperator, ExpressionNode, ExpressionNode, operatorRange: SourceRange)
    }

    /// Where the node starts: the column a diagnostic about the whole node points at.
    public var location: SourceLocation { range.start }

    /// How tightly the node's outermost operator binds; literals, names and postfix forms bind tightest.
    public var precedence: Precedence {
        switch kind {
        case .number, .boolean, .identifier, .call, .member, .lookBack, .timeframe: .postfix
        case .unary(let unaryOperator, _): unaryOperator.precedence
        case .binary(let binaryOperator, _, _, _): binaryOperator.precedence
        }
    }

    /// The direct sub-expressions, left to right as written.
    public var children: [ExpressionNode] {
        switch kind {
        case .number, .boolean, .identifier: []
        case .call(_, _, let arguments): arguments
        case .member(let base, _, _): [base]
        case .lookBack(let base, let offset): [base, offset]
        case .timeframe(let base, _, _): [base]
        case .unary(_, let operand): [operand]
        case .binary(_, let left, let right, _): [left, right]
        }
    }

    /// Calls `body` on this node and then on every descendant, depth first, left to right.
    ///
    /// The parser limits nesting, so the recursion stays shallow.
    public func forEachNode(_ body: (ExpressionNode) -> Void) {
        body(self)
        for child in children {
            child.forEachNode(body)
        }
    }

    /// The value of a number literal, possibly negated (`12`, `-2`, `--0.5`); nil for anything else.
    ///
    /// Constant parameters (periods, deviations) and look-back offsets must be such literals.
    public var literalNumber: Double? {
        switch kind {
        case .number(let value, _): value
        case .unary(.negate, let operand): operand.literalNumber.map { -$0 }
        default: nil
        }
    }

    /// The value of a number literal written as a whole number (`12`, `-2`; not `12.0` or `1e5`), when it
    /// fits an `Int`; nil for anything else. Periods and look-back offsets must be such literals.
    public var literalInteger: Int? {
        switch kind {
        case .number(let value, true): Int(exactly: value)
        case .unary(.negate, let operand): operand.literalInteger.flatMap { $0 == .min ? nil : -$0 }
        default: nil
        }
    }
}
