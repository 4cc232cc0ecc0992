import RunnerDiagnostics

/// The precedence-climbing parser behind ``ExpressionParser``.
///
/// It stops at the first syntax error (later errors in the same expression are mostly echoes of the first)
/// by throwing ``Failure`` after recording the diagnostic. Recursion is bounded by
/// ``ExpressionParser/maximumDepth``.
struct PrattParser {
    /// Thrown to unwind once a syntax error has been recorded.
    struct Failure: Error {}

    /// A parsed node with the facts the parser needs about it.
    struct Parsed {
        var node: ExpressionNode
        /// The tree height, limited like the nesting depth.
        var height: Int
        /// True when written in parentheses, so `(a < b) < c` is not a chained comparison.
        var isParenthesized = false
    }

    let tokens: [ExpressionToken]
    var position = 0
    var depth = 0
    var diagnostics = DiagnosticCollector()

    init(tokens: [ExpressionToken]) {
        self.tokens = tokens
    }

    /// The whole token list as one expression, or nil after recording why not.
    mutating func parseWhole() -> ExpressionNode? {
        if current.kind == .end {
            error(at: current.location, .empty, "the expression is empty")
            return nil
        }
        do {
            let parsed = try parseExpression(minimum: .or)
            try expectEnd(after: parsed)
            return parsed.node
        } catch {
            return nil
        }
    }

    // MARK: Operators

    private mutating func parseExpression(minimum: Precedence) throws(Failure) -> Parsed {
        try enterNesting()
        defer { depth -= 1 }
        var left = try parsePrefix()
        while case .binaryOperator(let binaryOperator) = current.kind, binaryOperator.precedence >= minimum {
            let operatorToken = advance()
            let level = binaryOperator.precedence
            let right = try parseExpression(minimum: Precedence(rawValue: level.rawValue + 1) ?? .postfix)
            if level == .comparison, !left.isParenthesized,
                case .binary(let previous, _, let middle, _) = left.node.kind, previous.precedence == .comparison
            {
                let first = left.node.description
                let last = right.node.operandDescription(atLeast: .additive)
                let second = "\(middle.operandDescription(atLeast: .additive)) \(binaryOperator) \(last)"
                try fail(
                    at: operatorToken.location, .syntax,
                    "comparisons cannot be chained; write '\(first) and \(second)' instead of "
                        + "'\(first) \(binaryOperator) \(last)'")
            }
            let range = SourceRange(start: left.node.range.start, end: right.node.range.end)
            let kind = ExpressionNode.Kind.binary(
                binaryOperator, left.node, right.node, operatorRange: operatorToken.range)
            left = try make(kind, range: range, children: [left, right], at: operatorToken)
        }
        return left
    }

    private mutating func parsePrefix() throws(Failure) -> Parsed {
        let token = current
        let unaryOperator: UnaryOperator
        switch token.kind {
        case .binaryOperator(.subtract): unaryOperator = .negate
        case .not: unaryOperator = .not
        default: return try parsePostfix()
        }
        advance()
        let operand = try parseExpression(minimum: unaryOperator.precedence)
        let range = SourceRange(start: token.location, end: operand.node.range.end)
        return try make(.unary(unaryOperator, operand.node), range: range, children: [operand], at: token)
    }

    // MARK: Postfix forms and primaries

    private mutating func parsePostfix() throws(Failure) -> Parsed {
        var base = try parsePrimary()
        while true {
            switch current.kind {
            case .dot:
                let dot = advance()
                guard case .identifier(let field) = current.kind else {
                    try fail(
                        at: current.location, .syntax,
                        "expected an output name after '.', found \(current.quoted)")
                }
                let fieldToken = advance()
                let range = SourceRange(start: base.node.range.start, end: fieldToken.range.end)
                base = try make(
                    .member(base.node, field: field, fieldRange: fieldToken.range), range: range, children: [base],
                    at: dot)
            case .leftBracket:
                let bracket = advance()
                let offset = try parseExpression(minimum: .or)
                let close = try expectClosing(.rightBracket, "]", opener: bracket)
                let range = SourceRange(start: base.node.range.start, end: close.range.end)
                base = try make(
                    .lookBack(base.node, offset: offset.node), range: range, children: [base, offset], at: bracket)
            case .timeframe(let text):
                let at = advance()
                let timeframe = try parseTimeframe(text, token: at)
                let range = SourceRange(start: base.node.range.start, end: at.range.end)
                base = try make(
                    .timeframe(base.node, timeframe, atRange: at.range), range: range, children: [base], at: at)
            default:
                return base
            }
        }
    }

    /// The timeframe after `@`, or a failure at the `@` saying how to write one.
    private mutating func parseTimeframe(_ text: String, token: ExpressionToken) throws(Failure) -> Timeframe {
        if let timeframe = Timeframe(text) { return timeframe }
        let example = "write a whole number and a unit (ms, s, m, h or d) right after '@', as in 'close@1h'"
        if text.isEmpty {
            try fail(at: token.location, .invalidTimeframe, "expected a timeframe after '@'; \(example)")
        }
        try fail(at: token.location, .invalidTimeframe, "'\(text)' is not a timeframe; \(example)")
    }

    private mutating func parsePrimary() throws(Failure) -> Parsed {
        let token = current
        switch token.kind {
        case .number(let value, let isInteger):
            advance()
            return Parsed(node: ExpressionNode(.number(value, isInteger: isInteger), range: token.range), height: 1)
        case .boolean(let value):
            advance()
            return Parsed(node: ExpressionNode(.boolean(value), range: token.range), height: 1)
        case .identifier(let name):
            advance()
            if current.kind == .leftParenthesis {
                return try parseCall(name: name, nameToken: token)
            }
            return Parsed(node: ExpressionNode(.identifier(name), range: token.range), height: 1)
        case .leftParenthesis:
            advance()
            var inner = try parseExpression(minimum: .or)
            _ = try expectClosing(.rightParenthesis, ")", opener: token)
            inner.isParenthesized = true
            return inner
        default:
            try failMissingOperand()
        }
    }

    private mutating func parseCall(name: String, nameToken: ExpressionToken) throws(Failure) -> Parsed {
        let open = advance()
        var arguments: [Parsed] = []
        if current.kind != .rightParenthesis {
            while true {
                arguments.append(try parseExpression(minimum: .or))
                guard current.kind == .comma else { break }
                advance()
            }
        }
        let close = try expectClosing(
            .rightParenthesis, ")", opener: open,
            context: arguments.isEmpty ? "" : "argument \(arguments.count) of '\(name)'")
        let kind = ExpressionNode.Kind.call(
            name: name, nameRange: nameToken.range, arguments: arguments.map(\.node))
        let range = SourceRange(start: nameToken.location, end: close.range.end)
        return try make(kind, range: range, children: arguments, at: open)
    }
}
