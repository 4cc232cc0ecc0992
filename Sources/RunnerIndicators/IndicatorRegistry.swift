import RunnerExpressions

/// Indicators by the function name used in YAML. Refuses a name registered twice, and its signatures
/// are exactly what the config loader type-checks expressions against.
public struct IndicatorRegistry: Sendable {
    private var descriptors: [String: IndicatorDescriptor] = [:]

    public init() {}

    public mutating func register(_ descriptor: IndicatorDescriptor) throws(IndicatorRegistryError) {
        let name = descriptor.signature.name
        guard descriptors[name] == nil else { throw .duplicate(name) }
        if FunctionCatalog.builtin.signature(named: name) != nil { throw .shadowsBuiltinFunction(name) }
        descriptors[name] = descriptor
    }

    public func descriptor(named name: String) -> IndicatorDescriptor? { descriptors[name] }

    /// Registered names, sorted.
    public var names: [String] { descriptors.keys.sorted() }

    /// The built-in pure functions plus every registered indicator's signature.
    public var functionCatalog: FunctionCatalog {
        var catalog = FunctionCatalog.builtin
        for name in names {
            // Duplicates are refused at registration, so this cannot fail.
            try? catalog.register(descriptors[name]!.signature)
        }
        return catalog
    }

    /// The indicators that ship with the runner, one per standard signature.
    public static let standard: IndicatorRegistry = {
        var registry = IndicatorRegistry()
        for descriptor in StandardIndicators.all {
            do { try registry.register(descriptor) } catch { preconditionFailure("\(error)") }
        }
        return registry
    }()
}

/// Why an indicator could not be registered.
public enum IndicatorRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicate(String)
    case shadowsBuiltinFunction(String)

    public var description: String {
        switch self {
        case .duplicate(let name): "an indicator named '\(name)' is already registered"
        case .shadowsBuiltinFunction(let name): "'\(name)' is a built-in function and cannot be an indicator"
        }
    }
}
