/// Why a signature could not be added to a ``FunctionCatalog``.
public enum FunctionCatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A function with this name is already registered.
    case duplicate(name: String)
    /// A parameter without a default follows one with a default, so it could never be left out.
    case requiredParameterAfterDefault(function: String, parameter: String)
    /// A default value given to a series parameter, which must always be written.
    case defaultForSeriesParameter(function: String, parameter: String)

    /// The problem as a sentence with the names involved.
    public var description: String {
        switch self {
        case .duplicate(let name):
            "a function named '\(name)' is already registered; each name can be registered once"
        case .requiredParameterAfterDefault(let function, let parameter):
            "parameter '\(parameter)' of '\(function)' has no default but follows a parameter that has one; "
                + "only trailing parameters can have defaults"
        case .defaultForSeriesParameter(let function, let parameter):
            "parameter '\(parameter)' of '\(function)' is a series and cannot have a default value"
        }
    }
}

/// The functions and indicators an expression may call, by name.
///
/// A registry that refuses duplicates: registering a second `ema` throws instead of silently replacing the
/// first. ``builtin`` has the pure functions, ``standardIndicators`` the indicators, ``standard`` both.
public struct FunctionCatalog: Sendable {
    private var signatures: [String: FunctionSignature] = [:]

    /// An empty catalog.
    public init() {}

    /// A catalog with the given signatures, refusing duplicates and malformed parameter lists.
    public init(_ signatures: some Sequence<FunctionSignature>) throws(FunctionCatalogError) {
        for signature in signatures {
            try register(signature)
        }
    }

    /// Adds `signature`, refusing a name that is already registered or parameters whose defaults are not
    /// all at the end.
    public mutating func register(_ signature: FunctionSignature) throws(FunctionCatalogError) {
        guard signatures[signature.name] == nil else {
            throw .duplicate(name: signature.name)
        }
        var seenDefault = false
        for parameter in signature.parameters {
            if parameter.defaultValue != nil, parameter.kind == .series {
                throw .defaultForSeriesParameter(function: signature.name, parameter: parameter.name)
            }
            if parameter.defaultValue != nil {
                seenDefault = true
            } else if seenDefault {
                throw .requiredParameterAfterDefault(function: signature.name, parameter: parameter.name)
            }
        }
        signatures[signature.name] = signature
    }

    /// Adds every signature of `other`, refusing any name this catalog already has.
    public mutating func register(contentsOf other: FunctionCatalog) throws(FunctionCatalogError) {
        for name in other.names {
            if let signature = other.signatures[name] {
                try register(signature)
            }
        }
    }

    /// The signature registered under `name`, if any.
    public func signature(named name: String) -> FunctionSignature? {
        signatures[name]
    }

    /// Every registered name, sorted.
    public var names: [String] {
        signatures.keys.sorted()
    }

    /// Every registered signature, sorted by name (for docs and the config schema).
    public var allSignatures: [FunctionSignature] {
        names.compactMap { signatures[$0] }
    }

    /// The pure functions and the standard indicators together: what strategy files can call.
    public static let standard: FunctionCatalog = combining([builtinSignatures, standardIndicatorSignatures])

    /// The pure functions: `abs`, `min`, `max`, `clamp`, `sign`, `log`, `sqrt`, `crosses_above`, `crosses_below`.
    public static let builtin: FunctionCatalog = combining([builtinSignatures])

    /// The stateful indicators (`sma`, `ema`, `rsi`, `macd`, `bbands`, ...), typed here and computed by the
    /// indicator stage.
    public static let standardIndicators: FunctionCatalog = combining([standardIndicatorSignatures])

    /// A catalog over fixed lists written in this module; a duplicate there is a programming error.
    private static func combining(_ lists: [[FunctionSignature]]) -> FunctionCatalog {
        do {
            return try FunctionCatalog(lists.joined())
        } catch {
            preconditionFailure("the built-in function lists are inconsistent: \(error)")
        }
    }
}
