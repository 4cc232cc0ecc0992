/// Accumulates diagnostics while a loader walks the input, so every problem is reported in one pass.
public struct DiagnosticCollector: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { diagnostics.containsErrors }

    public mutating func error(at location: SourceLocation, code: String, _ message: String) {
        diagnostics.append(.error(at: location, code: code, message))
    }

    public mutating func warning(at location: SourceLocation, code: String, _ message: String) {
        diagnostics.append(.warning(at: location, code: code, message))
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public mutating func append(contentsOf other: some Sequence<Diagnostic>) {
        diagnostics.append(contentsOf: other)
    }
}
