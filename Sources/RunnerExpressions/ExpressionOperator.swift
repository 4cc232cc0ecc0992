/// How tightly an operator binds; a higher level binds tighter.
///
/// From loosest to tightest: `or`, `and`, `not`, comparisons, `+ -`, `* /`, unary `-`, and the postfix forms
/// (calls, `.field`, `[k]`) together with literals and names.
public enum Precedence: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// `a or b`.
    case or = 1
    /// `a and b`.
    case and
    /// `not a`.
    case not
    /// `a < b`, `a == b` and the other comparisons; they do not chain.
    case comparison
    /// `a + b`, `a - b`.
    case additive
    /// `a * b`, `a / b`.
    case multiplicative
    /// `-a`.
    case negation
    /// Literals, names, calls, `a.field` and `a[k]`.
    case postfix

    /// True when `lhs` binds more loosely than `rhs`.
    public static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A prefix operator: arithmetic negation or logical `not`.
public enum UnaryOperator: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `-x`: the negated number.
    case negate = "-"
    /// `not x`: the negated boolean.
    case not = "not"

    /// The operator as written in an expression.
    public var description: String { rawValue }

    /// The binding level of the operator.
    public var precedence: Precedence { self == .negate ? .negation : .not }
}

/// An infix operator: arithmetic, comparison or logic.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `a + b`.
    case add = "+"
    /// `a - b`.
    case subtract = "-"
    /// `a * b`.
    case multiply = "*"
    /// `a / b`.
    case divide = "/"
    /// `a < b`.
    case less = "<"
    /// `a <= b`.
    case lessOrEqual = "<="
    /// `a > b`.
    case greater = ">"
    /// `a >= b`.
    case greaterOrEqual = ">="
    /// `a == b`.
    case equal = "=="
    /// `a != b`.
    case notEqual = "!="
    /// `a and b`.
    case and = "and"
    /// `a or b`.
    case or = "or"

    /// The operator as written in an expression.
    public var description: String { rawValue }

    /// The binding level of the operator.
    public var precedence: Precedence {
        switch self {
        case .add, .subtract: .additive
        case .multiply, .divide: .multiplicative
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual: .comparison
        case .and: .and
        case .or: .or
        }
    }

    /// The operator's family, which decides the operand and result types.
    public var family: Family {
        switch precedence {
        case .additive, .multiplicative: .arithmetic
        case .comparison: self == .equal || self == .notEqual ? .equality : .ordering
        default: .logic
        }
    }

    /// What an operator does with its operands.
    public enum Family: Sendable, Hashable {
        /// Numbers in, a number out: `+ - * /`.
        case arithmetic
        /// Numbers in, a boolean out: `< <= > >=`.
        case ordering
        /// Two values of the same type in, a boolean out: `== !=`.
        case equality
        /// Booleans in, a boolean out: `and`, `or`.
        case logic
    }
}
