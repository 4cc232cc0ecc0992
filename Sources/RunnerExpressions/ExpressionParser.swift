import RunnerDiagnostics

/// What parsing one expression gave: the tree, or the reasons there is none.
public struct ParseResult: Sendable, Hashable {
    /// The parsed expression; nil exactly when ``diagnostics`` is not empty.
    public var expression: ExpressionNode?
    /// Every syntax problem found, sorted by location; empty when parsing succeeded.
    public var diagnostics: [Diagnostic]

    /// A result with the given tree and problems.
    public init(expression: ExpressionNode?, diagnostics: [Diagnostic]) {
        self.expression = expression
        self.diagnostics = diagnostics
    }
}

/// Reads the text of one expression (`fast > slow and rsi < 70`) into an ``ExpressionNode``.
///
/// Grammar, from loosest to tightest binding:
///
///     expression  = or
///     or          = and { "or" and }
///     and         = not { "and" not }
///     not         = "not" not | comparison
///     comparison  = sum [ ("<" | "<=" | ">" | ">=" | "==" | "!=") sum ]      (does not chain)
///     sum         = product { ("+" | "-") product }
///     product     = negation { ("*" | "/") negation }
///     negation    = "-" negation | postfix
///     postfix     = primary { "." name | "[" expression "]" | "@" timeframe }
///     primary     = number | "true" | "false" | name [ "(" [ expression { "," expression } ] ")" ]
///                 | "(" expression ")"
///
/// `not` is also accepted where an operand is expected (`a == not b` reads as `a == (not b)`) so that the
/// type checker, not the parser, explains the mistake. Numbers are `12`, `0.5`, `1e-3`; names are
/// `[A-Za-z_][A-Za-z0-9_]*`; `and`, `or`, `not`, `true` and `false` are reserved. A timeframe follows `@`
/// with no space: a positive whole number and `ms`, `s`, `m`, `h` or `d` (`close@1h`, see ``Timeframe``).
public enum ExpressionParser {
    /// How deeply parentheses, calls and operators may nest, and how deep the tree may grow.
    ///
    /// The limit keeps the recursive parser, checker and evaluator far from the end of a thread's stack on
    /// hostile input (ten thousand `(`); real strategies stay well below it.
    public static let maximumDepth = 256

    /// Parses `text`, whose first character sits at `origin`.
    ///
    /// Character `i` of a single-line text is at column `origin.column + i` (counting Unicode scalars); after
    /// a newline the line increases and the column restarts at 1. Every diagnostic points inside the text,
    /// at the offending token.
    public static func parse(_ text: String, origin: SourceLocation) -> ParseResult {
        let (tokens, lexicalDiagnostics) = ExpressionLexer.tokenize(text, origin: origin)
        var parser = PrattParser(tokens: tokens)
        let expression = parser.parseWhole()
        let diagnostics = (lexicalDiagnostics + parser.diagnostics.diagnostics).sortedByLocation()
        return ParseResult(expression: diagnostics.isEmpty ? expression : nil, diagnostics: diagnostics)
    }
}
