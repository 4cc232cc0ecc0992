/// The stable `code` of every diagnostic this module reports (shown by `--format json` and in GitHub
/// annotations).
///
/// Codes never change meaning once released; add new cases instead.
public enum ExpressionDiagnosticCode: String, Sendable, Hashable, CaseIterable {
    // MARK: Syntax (ExpressionParser)

    /// The expression is empty or only whitespace.
    case empty = "expression-empty"
    /// A character that cannot start any token, such as `$`, `%` or `^`.
    case unexpectedCharacter = "expression-unexpected-character"
    /// A number literal that is malformed (`12abc`) or too large for a double (`1e999`).
    case invalidNumber = "expression-invalid-number"
    /// `=`, `&&`, `||`, `!` or `<>` where the language spells it `==`, `and`, `or`, `not`, `!=`.
    case operatorSpelling = "expression-operator-spelling"
    /// A `(` or `[` never closed, or a `)` or `]` never opened.
    case unbalancedBrackets = "expression-unbalanced-brackets"
    /// Any other syntax error: a missing operand, a trailing token, a chained comparison.
    case syntax = "expression-syntax"
    /// Parentheses, calls or operators nested more than ``ExpressionParser/maximumDepth`` levels deep.
    case tooDeep = "expression-too-deep"
    /// Something after `@` that is not a timeframe (`close@1x`, `close@`, `close@0h`).
    case invalidTimeframe = "expression-invalid-timeframe"

    // MARK: Names (TypeChecker)

    /// A call to a function the catalog does not have.
    case unknownFunction = "unknown-function"
    /// An identifier that is neither a bar field nor a named indicator.
    case unknownIdentifier = "unknown-identifier"

    // MARK: Calls (TypeChecker)

    /// Too many or too few arguments for the function's parameters.
    case argumentCount = "argument-count"
    /// A series argument of the wrong type (a boolean or a whole record where a number is needed).
    case argumentType = "argument-type"
    /// A constant parameter (a period, a deviation) given something other than a fitting literal.
    case constantArgument = "constant-argument"

    // MARK: Operators and values (TypeChecker)

    /// A boolean used with `+ - * /` or unary `-`.
    case booleanInArithmetic = "boolean-in-arithmetic"
    /// A number used with `and`, `or` or `not`.
    case numberInLogic = "number-in-logic"
    /// Booleans compared with `< <= > >=`.
    case booleanOrdering = "boolean-ordering"
    /// `==` or `!=` between a number and a boolean.
    case comparisonTypeMismatch = "comparison-type-mismatch"
    /// A multi-output indicator used as a value without choosing an output with `.field`.
    case recordWithoutField = "record-without-field"
    /// `.field` naming an output the indicator does not have.
    case unknownField = "unknown-field"
    /// `.field` on a value that has no outputs (a number or a boolean).
    case fieldOnNonRecord = "field-on-non-record"
    /// A look-back offset `x[k]` where `k` is not a non-negative integer literal.
    case lookBackOffset = "look-back-offset"
    /// The expression's type does not fit its role (a rule that is a number, a stop that is a boolean).
    case resultType = "result-type"

    // MARK: Timeframes (TypeChecker)

    /// `x@tf` where `tf` is not longer than the strategy's timeframe or not a whole multiple of it.
    case timeframeMismatch = "timeframe-mismatch"
    /// `x@tf` where `x` reads another timeframe with `@` (directly or through a named indicator).
    case nestedTimeframe = "nested-timeframe"
    /// `x@tf` where the bars' own timeframe is not known, so the higher one cannot be built from them.
    case unknownBaseTimeframe = "unknown-base-timeframe"

    // MARK: Named indicators (NamedExpressionChecker)

    /// An indicator name that is not an identifier (`my-rsi`) or is a keyword (`and`, `true`).
    case invalidIndicatorName = "invalid-indicator-name"
    /// Two indicators with the same name.
    case duplicateIndicator = "duplicate-indicator"
    /// An indicator named like a bar field (`close`), which would hide it.
    case indicatorShadowsBarField = "indicator-shadows-bar-field"
    /// An indicator named like a function (`ema`).
    case indicatorShadowsFunction = "indicator-shadows-function"
    /// Indicators that depend on themselves, directly or through others.
    case indicatorCycle = "indicator-cycle"
}
