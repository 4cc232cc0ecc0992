/// A named set of plugins of one kind. Registering a name twice is refused, so two plugins can never
/// silently shadow each other.
public struct PluginRegistry<Plugin: Sendable>: Sendable {
    /// What the registry holds, for messages ("broker adapter").
    public let kind: String
    private var plugins: [String: Plugin] = [:]

    public init(kind: String) { self.kind = kind }

    public mutating func register(_ name: String, _ plugin: Plugin) throws(PluginRegistryError) {
        guard plugins[name] == nil else { throw .duplicate(kind: kind, name: name) }
        plugins[name] = plugin
    }

    public subscript(name: String) -> Plugin? { plugins[name] }

    /// Registered names, sorted.
    public var names: [String] { plugins.keys.sorted() }

    /// All plugins, sorted by name.
    public var all: [Plugin] { names.compactMap { plugins[$0] } }
}

/// Why a plugin could not be registered.
public enum PluginRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicate(kind: String, name: String)

    public var description: String {
        switch self {
        case .duplicate(let kind, let name): "A \(kind) named '\(name)' is already registered."
        }
    }
}
