import CYAML
import RunnerDiagnostics

/// Turns libyaml's event stream into ``YAMLNode``s: one open collection per stack frame.
struct YAMLTreeBuilder {
    private enum Frame {
        case sequence(start: SourceLocation, tag: String?, anchor: String?, items: [YAMLNode])
        case mapping(start: SourceLocation, tag: String?, anchor: String?, nodes: [YAMLNode])
    }

    /// Config files are a few levels deep; a cap keeps a hostile file from exhausting the stack.
    public static let maximumDepth = 100

    let file: String
    let aliasExpansionLimit: Int
    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var documents: [YAMLNode] = []
    private var secondDocumentLocation: SourceLocation?
    private var expandedNodes = 0
    private var diagnostics: [Diagnostic] = []
    private(set) var isFinished = false

    init(file: String, aliasExpansionLimit: Int) {
        self.file = file
        self.aliasExpansionLimit = aliasExpansionLimit
    }

    /// A config file's values are typed by its schema, never by YAML tags: a tag (`!!str`, `!!float`,
    /// `!!python/object:os.system`, `!custom`) is an error wherever it is, so none can pass unremarked.
    private mutating func refuseTag(_ tag: String?, at location: SourceLocation) {
        guard let tag else { return }
        let written = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
        diagnostics.append(.error(
            at: location, code: "yaml-tag",
            "the YAML tag '\(written)' is not allowed; config values take their type from the key they belong to, "
                + "so remove the tag (quote the value if it must stay text)"))
    }

    mutating func fail(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        isFinished = true
    }

    func result() -> YAMLParseResult {
        if diagnostics.containsErrors { return YAMLParseResult(document: nil, diagnostics: diagnostics) }
        return YAMLParseResult(document: documents.first, diagnostics: diagnostics)
    }

    mutating func handle(_ event: yaml_event_t) {
        let start = location(event.start_mark)
        let end = location(event.end_mark)
        switch event.type {
        case YAML_STREAM_END_EVENT:
            isFinished = true
        case YAML_DOCUMENT_START_EVENT where !documents.isEmpty:
            fail(.error(at: start, code: "yaml-multiple-documents",
                        "the file holds more than one YAML document ('---'); a config file holds exactly one"))
        // (A `where` on a case with two patterns guards only the second, so test both explicitly.)
        case let type where (type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT)
            && stack.count >= Self.maximumDepth:
            fail(.error(at: start, code: "yaml-too-deep",
                        "lists and mappings are nested more than \(Self.maximumDepth) levels deep here; "
                            + "a config file never needs that many"))
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            refuseTag(string(data.tag), at: start)
            stack.append(.sequence(start: start, tag: string(data.tag), anchor: string(data.anchor), items: []))
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            refuseTag(string(data.tag), at: start)
            stack.append(.mapping(start: start, tag: string(data.tag), anchor: string(data.anchor), nodes: []))
        case YAML_SEQUENCE_END_EVENT:
            guard case .sequence(let open, let tag, let anchor, let items) = stack.popLast() else { return }
            let node = YAMLNode(.sequence(items), range: SourceRange(start: open, end: end), tag: tag)
            add(node, anchor: anchor)
        case YAML_MAPPING_END_EVENT:
            guard case .mapping(let open, let tag, let anchor, let nodes) = stack.popLast() else { return }
            let pairs = makePairs(nodes)
            let node = YAMLNode(.mapping(pairs), range: SourceRange(start: open, end: end), tag: tag)
            add(node, anchor: anchor)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            refuseTag(string(data.tag), at: start)
            let value = data.value.map { pointer in
                String(decoding: UnsafeBufferPointer(start: pointer, count: data.length), as: UTF8.self)
            } ?? ""
            let scalar = YAMLScalar(value, style: style(data.style))
            add(YAMLNode(.scalar(scalar), range: SourceRange(start: start, end: end), tag: string(data.tag)),
                anchor: string(data.anchor))
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                fail(.error(at: start, code: "yaml-unknown-alias",
                            "the alias '*\(name)' refers to no anchor '&\(name)' defined before it"))
                return
            }
            expandedNodes += target.nodeCount
            guard expandedNodes <= aliasExpansionLimit else {
                fail(.error(at: start, code: "yaml-alias-limit",
                            "aliases expand to more than \(aliasExpansionLimit) nodes; "
                                + "the file looks like an alias bomb ('billion laughs') and is refused"))
                return
            }
            add(target, anchor: nil)
        default:
            break
        }
    }

    private mutating func add(_ node: YAMLNode, anchor: String?) {
        if let anchor { anchors[anchor] = node }
        switch stack.popLast() {
        case .sequence(let start, let tag, let anchor, var items):
            items.append(node)
            stack.append(.sequence(start: start, tag: tag, anchor: anchor, items: items))
        case .mapping(let start, let tag, let anchor, var nodes):
            nodes.append(node)
            stack.append(.mapping(start: start, tag: tag, anchor: anchor, nodes: nodes))
        case nil:
            documents.append(node)
        }
    }

    /// Pairs keys with values, applies merge keys and reports duplicate keys at their second use.
    private mutating func makePairs(_ nodes: [YAMLNode]) -> [YAMLPair] {
        var explicit: [YAMLPair] = []
        var merged: [YAMLPair] = []
        var firstSeen: [String: SourceLocation] = [:]
        var index = 0
        while index + 1 < nodes.count {
            let pair = YAMLPair(key: nodes[index], value: nodes[index + 1])
            index += 2
            if let scalar = pair.key.scalar, scalar.style == .plain, scalar.value == "<<" {
                merged.append(contentsOf: mergeSources(pair.value))
                continue
            }
            if let key = pair.keyText {
                if let first = firstSeen[key] {
                    diagnostics.append(.error(
                        at: pair.key.location, code: "yaml-duplicate-key",
                        "the key '\(key)' appears twice in this mapping; "
                            + "it was first set at line \(first.line), column \(first.column)"))
                    continue
                }
                firstSeen[key] = pair.key.location
            }
            explicit.append(pair)
        }
        // Explicit keys win over merged ones; among merged sources the first one listed wins.
        for pair in merged {
            guard let key = pair.keyText, firstSeen[key] == nil else { continue }
            firstSeen[key] = pair.key.location
            explicit.append(pair)
        }
        return explicit
    }

    private mutating func mergeSources(_ value: YAMLNode) -> [YAMLPair] {
        switch value.content {
        case .mapping(let pairs):
            return pairs
        case .sequence(let items) where items.allSatisfy({ $0.mapping != nil }):
            return items.flatMap { $0.mapping ?? [] }
        default:
            diagnostics.append(.error(
                at: value.location, code: "yaml-merge",
                "a merge key ('<<') takes a mapping or a list of mappings, found \(value.kindDescription)"))
            return []
        }
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafePointer($0)) }
    }

    private func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}
