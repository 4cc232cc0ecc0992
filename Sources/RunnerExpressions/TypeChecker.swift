import RunnerDiagnostics

/// An expression after checking: the tree (when it parsed), its type (when it checked cleanly), and the
/// problems found.
public struct CheckedExpression: Sendable, Hashable {
    /// The parsed expression, nil when it did not parse.
    public var expression: ExpressionNode?
    /// The inferred type; nil when there are errors or the expression uses a name whose definition failed.
    public var type: ValueType?
    /// Every problem found, parse errors first, then type errors in source order.
    public var diagnostics: [Diagnostic]

    /// A result with the given parts.
    public init(expression: ExpressionNode?, type: ValueType?, diagnostics: [Diagnostic]) {
        self.expression = expression
        self.type = type
        self.diagnostics = diagnostics
    }
}

/// Checks expressions against a function catalog and the types of the identifiers they may read.
///
/// Every problem is reported, each at the offending token, and reported once: a sub-expression that
/// already failed gives no type, and its parents stay quiet about it.
public struct TypeChecker: Sendable {
    /// The functions and indicators expressions may call.
    public var catalog: FunctionCatalog
    /// The bar fields and named indicators expressions may read.
    public var environment: TypeEnvironment

    /// A checker over the given catalog and identifiers.
    public init(catalog: FunctionCatalog = .standard, environment: TypeEnvironment = TypeEnvironment()) {
        self.catalog = catalog
        self.environment = environment
    }

    /// Checks `expression` and, when `expected` is given, that its value has that type.
    ///
    /// `role` names the expression in the mismatch message, such as `rule 'long'` or `confidence`:
    /// "rule 'long' must be a boolean expression, but 'fast - slow' is a number". With `expected` nil any
    /// type is accepted, records included.
    public func check(_ expression: ExpressionNode, expecting expected: ValueType?, role: String) -> CheckedExpression {
        var diagnostics = DiagnosticCollector()
        var type = infer(expression, &diagnostics)
        if let actual = type, let expected, actual != expected {
            type = nil
            if let fields = actual.fields {
                diagnostics.error(
                    at: expression.location, code: ExpressionDiagnosticCode.recordWithoutField.rawValue,
                    "\(role) must be \(expected.phrase), but \(Self.recordMessage(expression, fields))")
            } else {
                diagnostics.error(
                    at: expression.location, code: ExpressionDiagnosticCode.resultType.rawValue,
                    "\(role) must be \(expected.phrase) expression, but '\(expression)' is \(actual.phrase)")
            }
        }
        let found = diagnostics.diagnostics.sortedByLocation()
        return CheckedExpression(expression: expression, type: found.isEmpty ? type : nil, diagnostics: found)
    }

    /// Parses `text` (whose first character is at `origin`) and checks it like ``check(_:expecting:role:)``.
    public func check(_ text: String, origin: SourceLocation, expecting expected: ValueType?, role: String)
        -> CheckedExpression
    {
        let parsed = ExpressionParser.parse(text, origin: origin).substituting(environment.constants)
        guard let expression = parsed.expression else {
            return CheckedExpression(expression: nil, type: nil, diagnostics: parsed.diagnostics)
        }
        return check(expression, expecting: expected, role: role)
    }

    // MARK: Shared messages

    /// "'bbands(close)' has several outputs (upper, middle, lower); choose one, as in 'bbands(close).upper'".
    static func recordMessage(_ node: ExpressionNode, _ fields: [String]) -> String {
        let example = fields.first.map { ", as in '\(node.operandDescription(atLeast: .postfix)).\($0)'" } ?? ""
        return "'\(node)' has several outputs (\(fields.joined(separator: ", "))); choose one\(example)"
    }

    /// Requires a number where `type` was found, reporting a boolean or a record; the message reads
    /// "<context>, but 'x' is a boolean<advice>", for instance "'+' needs numbers, but 'a > b' is a boolean".
    func requireNumber(
        _ node: ExpressionNode, _ type: ValueType?, _ context: String, code: ExpressionDiagnosticCode,
        advice: String = "", _ diagnostics: inout DiagnosticCollector
    ) -> Bool {
        switch type {
        case .number: return true
        case nil: return false
        case .record(let fields):
            diagnostics.error(
                at: node.location, code: ExpressionDiagnosticCode.recordWithoutField.rawValue,
                Self.recordMessage(node, fields))
        case .boolean:
            diagnostics.error(at: node.location, code: code.rawValue, "\(context), but '\(node)' is a boolean\(advice)")
        }
        return false
    }

    /// Requires a boolean where `type` was found; `context` completes "<context>, but 'x' is a number".
    func requireBoolean(
        _ node: ExpressionNode, _ type: ValueType?, _ context: String, _ diagnostics: inout DiagnosticCollector
    ) -> Bool {
        switch type {
        case .boolean: return true
        case nil: return false
        case .record(let fields):
            diagnostics.error(
                at: node.location, code: ExpressionDiagnosticCode.recordWithoutField.rawValue,
                Self.recordMessage(node, fields))
        case .number:
            diagnostics.error(
                at: node.location, code: ExpressionDiagnosticCode.numberInLogic.rawValue,
                "\(context), but '\(node)' is a number")
        }
        return false
    }
}
