import RunnerDiagnostics

extension PrattParser {
    // MARK: Moving through the tokens

    /// The token being looked at; the last token is always `end`, so this never runs off the list.
    var current: ExpressionToken { tokens[min(position, tokens.count - 1)] }

    /// The token before the current one, if any.
    var previous: ExpressionToken? { position > 0 ? tokens[min(position, tokens.count) - 1] : nil }

    /// Moves past the current token and returns it.
    @discardableResult
    mutating func advance() -> ExpressionToken {
        let token = current
        position += 1
        return token
    }

    // MARK: Limits

    /// Counts one more level of recursion, failing past ``ExpressionParser/maximumDepth``.
    mutating func enterNesting() throws(Failure) {
        guard depth < ExpressionParser.maximumDepth else {
            try failTooDeep(at: current.location)
        }
        depth += 1
    }

    /// A node over already-parsed children, failing when the tree grows past ``ExpressionParser/maximumDepth``.
    mutating func make(_ kind: ExpressionNode.Kind, range: SourceRange, children: [Parsed], at token: ExpressionToken)
        throws(Failure) -> Parsed
    {
        let height = 1 + (children.map(\.height).max() ?? 0)
        guard height <= ExpressionParser.maximumDepth else {
            try failTooDeep(at: token.location)
        }
        return Parsed(node: ExpressionNode(kind, range: range), height: height)
    }

    private mutating func failTooDeep(at location: SourceLocation) throws(Failure) -> Never {
        try fail(
            at: location, .tooDeep,
            "the expression is nested more than \(ExpressionParser.maximumDepth) levels deep; "
                + "split it into named indicators")
    }

    // MARK: Expected tokens

    /// Consumes the closing bracket for `opener`, or reports the bracket as never closed.
    mutating func expectClosing(
        _ kind: ExpressionToken.Kind, _ symbol: String, opener: ExpressionToken, context: String = ""
    ) throws(Failure) -> ExpressionToken {
        if current.kind == kind { return advance() }
        switch current.kind {
        case .invalid:
            throw Failure()
        case .end:
            try fail(
                at: opener.location, .unbalancedBrackets,
                "this '\(opener.text)' is never closed; expected '\(symbol)' before the end of the expression")
        case .rightParenthesis, .rightBracket:
            try fail(
                at: current.location, .unbalancedBrackets,
                "expected '\(symbol)' to close the '\(opener.text)' at \(place(of: opener)), found \(current.quoted)")
        default:
            let expected =
                context.isEmpty
                ? "'\(symbol)' to close the '\(opener.text)' at \(place(of: opener))"
                : "',' or '\(symbol)' after \(context)"
            try fail(at: current.location, .syntax, "expected \(expected), found \(current.quoted)")
        }
    }

    /// Checks that nothing follows the complete expression.
    mutating func expectEnd(after parsed: Parsed) throws(Failure) {
        switch current.kind {
        case .end:
            return
        case .invalid:
            throw Failure()
        case .rightParenthesis, .rightBracket:
            let opener = current.kind == .rightParenthesis ? "(" : "["
            try fail(
                at: current.location, .unbalancedBrackets,
                "unmatched \(current.quoted): there is no open '\(opener)' for it to close")
        default:
            let after = previous.map { " after '\($0.text)'" } ?? ""
            try fail(
                at: current.location, .syntax,
                "unexpected \(current.quoted)\(after); expected an operator such as '+', '>' or 'and' "
                    + "between operands")
        }
    }

    /// Reports that an operand (a number, a name, a call, a parenthesised expression) is missing here.
    mutating func failMissingOperand() throws(Failure) -> Never {
        if current.kind == .invalid { throw Failure() }
        guard let previous else {
            try fail(at: current.location, .syntax, "expected an operand, found \(current.quoted)")
        }
        if current.kind == .end {
            try fail(
                at: previous.location, .syntax,
                "expected an operand after '\(previous.text)', but the expression ends there")
        }
        try fail(at: current.location, .syntax, "expected an operand after '\(previous.text)', found \(current.quoted)")
    }

    // MARK: Reporting

    /// Records an error and unwinds the parse.
    mutating func fail(at location: SourceLocation, _ code: ExpressionDiagnosticCode, _ message: String)
        throws(Failure) -> Never
    {
        error(at: location, code, message)
        throw Failure()
    }

    mutating func error(at location: SourceLocation, _ code: ExpressionDiagnosticCode, _ message: String) {
        diagnostics.error(at: location, code: code.rawValue, message)
    }

    /// `column 4`, or `line 2, column 4` when the token is not on the line of the current token.
    private func place(of token: ExpressionToken) -> String {
        let column = "column \(token.location.column)"
        return token.location.line == current.location.line ? column : "line \(token.location.line), \(column)"
    }
}
