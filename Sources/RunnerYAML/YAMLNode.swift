import RunnerDiagnostics

/// A YAML node with the place it came from, so every later diagnostic can point at the user's text.
///
/// Aliases are expanded into copies of the anchored node (value semantics make this cheap), and
/// merge keys (`<<`) are applied, so consumers see a plain tree.
public struct YAMLNode: Sendable, Hashable {
    /// What the node holds.
    public enum Content: Sendable, Hashable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    /// From the first character of the node to just past its last.
    public var range: SourceRange
    /// An explicit tag such as `!!str`, when the user wrote one.
    public var tag: String?
    /// Nodes in this subtree, counting itself; bounds alias expansion.
    public let nodeCount: Int

    public init(_ content: Content, range: SourceRange, tag: String? = nil) {
        self.content = content
        self.range = range
        self.tag = tag
        switch content {
        case .scalar: nodeCount = 1
        case .sequence(let items): nodeCount = 1 + items.reduce(0) { $0 + $1.nodeCount }
        case .mapping(let pairs): nodeCount = 1 + pairs.reduce(0) { $0 + $1.key.nodeCount + $1.value.nodeCount }
        }
    }

    /// Where the node starts.
    public var location: SourceLocation { range.start }

    /// The scalar, when this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The items, when this node is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The key/value pairs in file order, when this node is a mapping.
    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// True for `~`, `null` and an empty plain scalar, the YAML spellings of "nothing".
    public var isNull: Bool { scalar?.isNull ?? false }

    /// "a mapping", "a list", "a string", ... for messages such as "expected a list, found a mapping".
    public var kindDescription: String {
        switch content {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar): scalar.isNull ? "nothing (null)" : "the scalar '\(scalar.value)'"
        }
    }
}

/// A key and its value inside a mapping; both keep their own positions.
public struct YAMLPair: Sendable, Hashable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }

    /// The key's text when it is a scalar (config keys always are).
    public var keyText: String? { key.scalar?.value }
}

/// A scalar's text and how it was written; the config layer decides what it means.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var value: String
    public var style: Style

    public init(_ value: String, style: Style = .plain) {
        self.value = value
        self.style = style
    }

    /// `~`, `null` or nothing, written plain.
    public var isNull: Bool {
        style == .plain && ["", "~", "null", "Null", "NULL"].contains(value)
    }

    /// How many columns separate the node's start from the first character of `value`
    /// (1 for a quoted scalar's opening quote), so positions inside the text can be reported.
    public var contentColumnOffset: Int {
        switch style {
        case .singleQuoted, .doubleQuoted: 1
        default: 0
        }
    }
}
