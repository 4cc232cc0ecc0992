import RunnerConfig
import RunnerSignals

/// Sizing models by the `sizing.model` name. Refuses duplicates; the config loader already checked
/// that each model's keys are present.
public struct SizingModelRegistry: Sendable {
    public typealias Factory = @Sendable (SizingConfig) -> (any SizingModel)?
    private var factories: [String: Factory] = [:]

    public init() {}

    public mutating func register(_ name: String, _ factory: @escaping Factory) throws(SizingModelRegistryError) {
        guard factories[name] == nil else { throw .duplicate(name) }
        factories[name] = factory
    }

    /// The model a strategy's `sizing:` names, or nil when it is unknown or its keys are missing.
    public func make(_ config: SizingConfig) -> (any SizingModel)? {
        factories[config.model.value]?(config)
    }

    public var names: [String] { factories.keys.sorted() }

    public static let standard: SizingModelRegistry = {
        var registry = SizingModelRegistry()
        do {
            try registry.register("fixed_quantity") { config in config.quantity.map { FixedQuantity(shares: Int64($0)) } }
            try registry.register("fixed_notional") { config in config.notional.map { FixedNotional(notional: $0) } }
            try registry.register("volatility_target") { config in
                config.riskPerPosition.map { VolatilityTarget(riskPerPosition: $0) }
            }
        } catch {
            preconditionFailure("\(error)")
        }
        return registry
    }()
}

public enum SizingModelRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicate(String)

    public var description: String {
        switch self {
        case .duplicate(let name): "a sizing model named '\(name)' is already registered"
        }
    }
}
