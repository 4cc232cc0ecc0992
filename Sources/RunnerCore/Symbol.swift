/// A tradable instrument's ticker as the broker and the market data name it (`AAPL`, `BRK.B`).
public struct Symbol: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: Symbol, rhs: Symbol) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Upper-case letters, digits, `.`, `-`, `/` and `_`, starting with a letter or digit.
    public static func isValid(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.count <= 32 else { return false }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-/_".unicodeScalars)
        return (("A"..."Z").contains(first) || ("0"..."9").contains(first))
            && text.unicodeScalars.allSatisfy(allowed.contains)
    }
}

/// Which way a position or order faces.
public enum Side: String, Sendable, Hashable, CaseIterable {
    case long, short, flat
}
