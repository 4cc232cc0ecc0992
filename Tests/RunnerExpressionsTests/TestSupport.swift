import RunnerDiagnostics
import Testing
import RunnerExpressions

/// The file every test expression pretends to come from.
let testFile = "strategies/trend.yaml"

/// A location in ``testFile``; tests mostly start expressions at line 3, column 9 (after `  long: `).
func location(line: Int = 3, column: Int = 9) -> RunnerDiagnostics.SourceLocation {
    RunnerDiagnostics.SourceLocation(file: testFile, line: line, column: column)
}

/// Parses `text` starting at line 3, column 9.
func parse(_ text: String, column: Int = 9) -> ParseResult {
    ExpressionParser.parse(text, origin: location(column: column))
}

/// The parsed expression, or nil when parsing reported anything.
func parsed(_ text: String) -> ExpressionNode? {
    parse(text).expression
}

/// The environment of the strategy in the module docs: bar fields plus a few named indicators.
func sampleEnvironment() -> TypeEnvironment {
    var environment = TypeEnvironment()
    environment.declare("fast", as: .number)
    environment.declare("slow", as: .number)
    environment.declare("rsi_value", as: .number)
    environment.declare("vol", as: .number)
    environment.declare("trend_up", as: .boolean)
    environment.declare("bands", as: .record(fields: ["upper", "middle", "lower"]))
    return environment
}

/// Parses and checks `text` (at line 3, column 9) against the standard catalog and ``sampleEnvironment()``.
func check(_ text: String, expecting expected: ValueType? = nil, role: String = "rule 'long'") -> CheckedExpression {
    TypeChecker(catalog: .standard, environment: sampleEnvironment())
        .check(text, origin: location(), expecting: expected, role: role)
}

/// One expected diagnostic: code, message, line and column, comparable in a single `#expect`.
struct Expected: Hashable, CustomStringConvertible, Sendable {
    var code: String
    var message: String
    var line: Int
    var column: Int

    init(_ code: ExpressionDiagnosticCode, _ message: String, line: Int = 3, column: Int) {
        self.code = code.rawValue
        self.message = message
        self.line = line
        self.column = column
    }

    init(_ diagnostic: Diagnostic) {
        code = diagnostic.code
        message = diagnostic.message
        line = diagnostic.location.line
        column = diagnostic.location.column
    }

    var description: String { "\(line):\(column) [\(code)] \(message)" }
}

/// A fully parenthesised prefix form of a tree, `(+ a (* b c))`, so tests can see its exact shape.
func shape(_ node: ExpressionNode) -> String {
    switch node.kind {
    case .number, .boolean, .identifier: node.description
    case .call(let name, _, let arguments): "(\(([name] + arguments.map(shape)).joined(separator: " ")))"
    case .member(let base, let field, _): "(. \(shape(base)) \(field))"
    case .lookBack(let base, let offset): "([] \(shape(base)) \(shape(offset)))"
    case .timeframe(let base, let timeframe, _): "(@ \(shape(base)) \(timeframe))"
    case .unary(let unaryOperator, let operand): "(\(unaryOperator) \(shape(operand)))"
    case .binary(let binaryOperator, let left, let right, _): "(\(binaryOperator) \(shape(left)) \(shape(right)))"
    }
}

extension Array where Element == Diagnostic {
    /// The diagnostics in the comparable form of ``Expected``.
    var summary: [Expected] { map(Expected.init) }
}

/// One type-checking case: the text (at line 3, column 9, read by ``check(_:expecting:role:)``), the type
/// the role expects, and the diagnostics it must produce (none for a valid expression).
struct CheckCase: CustomTestStringConvertible, Sendable {
    var text: String
    var expecting: ValueType?
    var expected: [Expected]
    var testDescription: String { "'\(text)'" }

    init(_ text: String, expecting: ValueType? = nil, _ expected: Expected...) {
        self.text = text
        self.expecting = expecting
        self.expected = expected
    }
}
