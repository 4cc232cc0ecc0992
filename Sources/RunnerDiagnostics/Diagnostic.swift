/// One problem found in the user's input, with the place it was found.
///
/// Diagnostics are collected, never thrown one at a time: a user fixing a config wants every
/// problem in one pass.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
        case note
    }

    public var severity: Severity
    /// Where the problem is; the column points at the offending token, inside an expression if need be.
    public var location: SourceLocation
    /// A full sentence that names the field and the values involved.
    public var message: String
    /// A stable, machine-readable code such as `unknown-key` (used by `--format json`).
    public var code: String

    public init(_ severity: Severity = .error, at location: SourceLocation, code: String, _ message: String) {
        self.severity = severity
        self.location = location
        self.code = code
        self.message = message
    }

    public static func error(at location: SourceLocation, code: String, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, code: code, message)
    }

    public static func warning(at location: SourceLocation, code: String, _ message: String) -> Diagnostic {
        Diagnostic(.warning, at: location, code: code, message)
    }

    /// `path:line:column: error: message`, the form compilers and editors understand.
    public var description: String {
        "\(location): \(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// True when at least one diagnostic is an error (warnings do not fail validation).
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, line and column; the order of equal positions is kept.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { lhs, rhs in
            lhs.element.location == rhs.element.location
                ? lhs.offset < rhs.offset : lhs.element.location < rhs.element.location
        }.map(\.element)
    }
}
