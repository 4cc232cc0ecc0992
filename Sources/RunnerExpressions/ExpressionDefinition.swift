import RunnerDiagnostics

/// One named expression as a config file gives it, such as `fast: ema(close, 12)` under `indicators:`.
public struct ExpressionDefinition: Sendable, Hashable {
    /// The name the other expressions use to read it.
    public var name: String
    /// The expression text.
    public var text: String
    /// Where the first character of ``text`` is in the file.
    public var origin: SourceLocation
    /// Where the name (the YAML key) is in the file; naming problems are reported here.
    public var nameLocation: SourceLocation

    /// A definition of `name` as `text`; `nameLocation` defaults to `origin` when the key's place is unknown.
    public init(name: String, text: String, origin: SourceLocation, nameLocation: SourceLocation? = nil) {
        self.name = name
        self.text = text
        self.origin = origin
        self.nameLocation = nameLocation ?? origin
    }

    /// True when `name` can be written in an expression: `[A-Za-z_][A-Za-z0-9_]*` and not a reserved word.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isNameStart(first) else { return false }
        return name.unicodeScalars.allSatisfy { isNameStart($0) || ("0"..."9").contains($0) }
            && !isReservedWord(name)
    }

    /// True for `and`, `or`, `not`, `true` and `false`.
    public static func isReservedWord(_ name: String) -> Bool {
        ExpressionToken.Kind.keywords[name] != nil
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }
}
