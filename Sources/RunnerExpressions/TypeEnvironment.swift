/// The identifiers an expression may read and their types: the bar fields and the named indicators.
public struct TypeEnvironment: Sendable, Hashable {
    /// What an identifier refers to.
    public enum Resolution: Sendable, Hashable {
        /// A bar field or indicator of this type.
        case type(ValueType)
        /// A name that exists but whose own definition has errors; uses of it are not reported again.
        case unavailable
        /// A name nobody defined.
        case unknown
    }

    /// The fields every bar has: `open`, `high`, `low`, `close`, `volume`, all numbers.
    public static let standardBarFields = ["open", "high", "low", "close", "volume"]

    /// The bar fields, in the order given.
    public private(set) var barFields: [String]
    private var types: [String: ValueType] = [:]
    private var unavailableNames: Set<String> = []
    /// Names replaced by number literals when an expression is parsed (a strategy's `params`).
    public var constants = ExpressionConstants()

    /// An environment with the given bar fields (numbers) and no indicators yet.
    public init(barFields: [String] = TypeEnvironment.standardBarFields) {
        self.barFields = barFields
        for field in barFields {
            types[field] = .number
        }
    }

    /// Makes `name` readable with the given type (a named indicator that checked cleanly).
    public mutating func declare(_ name: String, as type: ValueType) {
        unavailableNames.remove(name)
        types[name] = type
    }

    /// Makes `name` known but without a type, because its definition has errors that were already reported.
    ///
    /// Expressions that use it get no type and no extra diagnostic, so one mistake is reported once.
    public mutating func declareUnavailable(_ name: String) {
        types[name] = nil
        unavailableNames.insert(name)
    }

    /// What `name` refers to.
    public func resolve(_ name: String) -> Resolution {
        if let type = types[name] { return .type(type) }
        return unavailableNames.contains(name) ? .unavailable : .unknown
    }

    /// Every name an expression may use, sorted: candidates for "did you mean".
    public var names: [String] {
        (Array(types.keys) + unavailableNames).sorted()
    }

    /// True when `name` is one of the bar fields.
    public func isBarField(_ name: String) -> Bool {
        barFields.contains(name)
    }
}
