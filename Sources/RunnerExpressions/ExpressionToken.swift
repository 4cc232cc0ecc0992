import RunnerDiagnostics

/// One token of an expression, as the lexer reads it.
struct ExpressionToken: Sendable, Hashable {
    /// What the token is.
    var kind: Kind
    /// The characters the token was read from, as written (`&&` for a misspelled `and`).
    var text: String
    /// Where the token was written.
    var range: SourceRange

    enum Kind: Sendable, Hashable {
        case number(Double, isInteger: Bool)
        case identifier(String)
        case boolean(Bool)
        /// An infix operator; `-` is also unary negation in prefix position.
        case binaryOperator(BinaryOperator)
        case not
        case leftParenthesis
        case rightParenthesis
        case leftBracket
        case rightBracket
        case comma
        case dot
        /// `@` and the letters and digits right after it (`@1h`); the text may be empty or malformed.
        case timeframe(String)
        /// A character the lexer could not read; it has been reported, so the parser stops here quietly.
        case invalid
        /// Just after the last character.
        case end
    }

    var location: SourceLocation { range.start }

    /// How the token reads in a message: `'>'`, `'slow'`, or "the end of the expression".
    var quoted: String {
        kind == .end ? "the end of the expression" : "'\(text)'"
    }

    /// True for tokens that can begin an operand: literals, names, `(`, `-` and `not`.
    var canStartOperand: Bool {
        switch kind {
        case .number, .identifier, .boolean, .not, .leftParenthesis, .binaryOperator(.subtract): true
        default: false
        }
    }
}

extension ExpressionToken.Kind {
    /// The reserved words; they cannot name bar fields or indicators.
    static let keywords: [String: ExpressionToken.Kind] = [
        "and": .binaryOperator(.and),
        "or": .binaryOperator(.or),
        "not": .not,
        "true": .boolean(true),
        "false": .boolean(false),
    ]
}
