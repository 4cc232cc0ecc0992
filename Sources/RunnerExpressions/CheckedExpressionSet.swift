import RunnerDiagnostics

/// A named indicator that parsed and type-checked cleanly.
public struct CheckedIndicator: Sendable, Hashable {
    /// The indicator's name.
    public var name: String
    /// Its parsed expression.
    public var expression: ExpressionNode
    /// Its value type.
    public var type: ValueType
    /// The named indicators its expression reads directly, in the order they are first written.
    public var dependencies: [String]

    /// A checked indicator with the given parts.
    public init(name: String, expression: ExpressionNode, type: ValueType, dependencies: [String]) {
        self.name = name
        self.expression = expression
        self.type = type
        self.dependencies = dependencies
    }
}

/// The result of checking a strategy's named indicators: the ones that checked, the order to evaluate
/// them in, and every problem found.
///
/// Rules, confidence and sizing expressions are then checked against it with ``check(_:origin:expecting:role:)``,
/// which knows the bar fields and the indicators' types.
public struct CheckedExpressionSet: Sendable {
    /// The indicators that checked cleanly, by name.
    public var indicators: [String: CheckedIndicator]
    /// The names of ``indicators`` with each after the indicators it reads (the evaluation DAG's order);
    /// among independent indicators the definition order is kept.
    public var order: [String]
    /// Every problem found, sorted by location.
    public var diagnostics: [Diagnostic]
    /// The functions the expressions may call.
    public var catalog: FunctionCatalog
    /// The bar fields and the indicators' types; indicators with errors are known but unavailable, so
    /// expressions using them are not reported a second time.
    public var environment: TypeEnvironment

    /// A set with the given parts.
    public init(
        indicators: [String: CheckedIndicator], order: [String], diagnostics: [Diagnostic], catalog: FunctionCatalog,
        environment: TypeEnvironment
    ) {
        self.indicators = indicators
        self.order = order
        self.diagnostics = diagnostics
        self.catalog = catalog
        self.environment = environment
    }

    /// The checked indicators in evaluation order.
    public var orderedIndicators: [CheckedIndicator] {
        order.compactMap { indicators[$0] }
    }

    /// A type checker that reads the bar fields and these indicators.
    public var typeChecker: TypeChecker {
        TypeChecker(catalog: catalog, environment: environment)
    }

    /// Parses and checks another expression (a rule, the confidence, a stop) against these indicators.
    ///
    /// `role` names it in a type mismatch: "rule 'long' must be a boolean expression, but ...".
    public func check(_ text: String, origin: SourceLocation, expecting expected: ValueType?, role: String)
        -> CheckedExpression
    {
        typeChecker.check(text, origin: origin, expecting: expected, role: role)
    }
}
