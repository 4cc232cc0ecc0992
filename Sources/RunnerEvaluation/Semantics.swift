import Foundation
import RunnerExpressions

/// The value rules of the expression language, kept in one place (see ``EvaluationState``).
enum Semantics {
    static func truth(_ flag: Bool) -> Double { flag ? 1 : 0 }

    static func unary(_ op: UnaryOperator, _ value: Double) -> Double {
        switch op {
        case .negate: -value
        case .not: value.isNaN ? .nan : truth(value == 0)
        }
    }

    static func binary(_ op: BinaryOperator, _ left: Double, _ right: Double) -> Double {
        switch op {
        case .add: return left + right
        case .subtract: return left - right
        case .multiply: return left * right
        case .divide: return right == 0 ? .nan : left / right
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
            guard !left.isNaN, !right.isNaN else { return .nan }
            switch op {
            case .less: return truth(left < right)
            case .lessOrEqual: return truth(left <= right)
            case .greater: return truth(left > right)
            case .greaterOrEqual: return truth(left >= right)
            case .equal: return truth(left == right)
            default: return truth(left != right)
            }
        case .and:
            if left == 0 || right == 0 { return 0 }
            return left.isNaN || right.isNaN ? .nan : 1
        case .or:
            if left == 1 || right == 1 { return 1 }
            return left.isNaN || right.isNaN ? .nan : 0
        }
    }

    static func function(_ function: BuiltinFunction, _ a: Double, _ b: Double, _ c: Double) -> Double {
        switch function {
        case .abs: return Swift.abs(a)
        case .min: return a.isNaN || b.isNaN ? .nan : Swift.min(a, b)
        case .max: return a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
        case .clamp:
            guard !a.isNaN, !b.isNaN, !c.isNaN, b <= c else { return .nan }
            return Swift.min(Swift.max(a, b), c)
        case .sign: return a.isNaN ? .nan : (a > 0 ? 1 : (a < 0 ? -1 : 0))
        case .log: return a > 0 ? Foundation.log(a) : .nan
        case .sqrt: return a >= 0 ? a.squareRoot() : .nan
        }
    }
}
