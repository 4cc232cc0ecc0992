import RunnerYAML

extension ScalarDecoder {
    /// Checks a scalar against a scalar ``ValueShape`` and returns its text, for plugin settings that
    /// the loader validates but the plugin interprets.
    mutating func checkedText(_ node: YAMLNode, spec: KeySpec, field: String) -> Located<String>? {
        let valid: Bool
        switch spec.shape {
        case .duration: valid = duration(node, field: field) != nil
        case .basisPoints: valid = basisPoints(node, field: field) != nil
        case .ratio(let maximum, let allowsZero):
            valid = ratio(node, field: field, maximumPercent: maximum, allowsZero: allowsZero) != nil
        case .money(let allowsZero): valid = money(node, field: field, allowsZero: allowsZero) != nil
        case .integer(let minimum, let maximum): valid = integer(node, field: field, range: minimum...maximum) != nil
        case .address: valid = address(node, field: field) != nil
        case .identifier: valid = identifier(node, field: field) != nil
        case .symbol: valid = symbol(node, field: field) != nil
        case .choice(let choices): valid = choice(node, field: field, among: choices, kind: "value") != nil
        case .environmentVariable: valid = environmentVariableName(node, field: field) != nil
        case .replaySpeed: valid = replaySpeed(node, field: field) != nil
        case .timeZone: valid = timeZone(node, field: field) != nil
        case .timeOfDay: valid = timeOfDay(node, field: field) != nil
        default: valid = text(node, field: field, expected: "text") != nil
        }
        guard valid, let scalar = node.scalar else { return nil }
        return Located(scalar.value, at: node.location)
    }

    /// `limits/paper.yaml` (a leading `./` is dropped): a file in the root's `limits/` folder, never outside.
    mutating func limitsPath(_ node: YAMLNode, field: String) -> Located<String>? {
        guard var path = text(node, field: field, expected: "a path such as limits/paper.yaml") else { return nil }
        while path.hasPrefix("./") { path.removeFirst(2) }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        let isYAML = path.hasSuffix(".yaml") || path.hasSuffix(".yml")
        guard components.count == 2, components[0] == "limits", !components[1].isEmpty, isYAML else {
            diagnostics.error(
                at: node.location, code: "invalid-path",
                "'\(field)' must name a file in the config root's limits/ folder, like 'limits/paper.yaml', got '\(path)'")
            return nil
        }
        return Located(path, at: node.location)
    }

    /// `ALPACA_KEY_ID`: the name of an environment variable, never the credential itself.
    mutating func environmentVariableName(_ node: YAMLNode, field: String) -> Located<String>? {
        guard let value = text(node, field: field, expected: "the name of an environment variable") else { return nil }
        let scalars = value.unicodeScalars
        let isName = !scalars.isEmpty && !("0"..."9").contains(scalars.first!)
            && scalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        guard isName else {
            diagnostics.error(
                at: node.location, code: "invalid-environment-variable",
                "'\(field)' must name an environment variable (capital letters, digits and '_'), "
                    + "not hold the credential itself")
            return nil
        }
        return Located(value, at: node.location)
    }

    /// `max`, or a multiple of real time such as `10x` or `0.5x`.
    mutating func replaySpeed(_ node: YAMLNode, field: String) -> Located<String>? {
        guard let value = text(node, field: field, expected: "a replay speed") else { return nil }
        guard ReplaySpeed(value) != nil else {
            diagnostics.error(at: node.location, code: "invalid-value",
                              "'\(field)' must be 'max' or a multiple of real time from 0.001x to 1000000x such as '10x', "
                                  + "got '\(value)'")
            return nil
        }
        return Located(value, at: node.location)
    }
}

extension ScalarDecoder {
    /// The file name endings a journal may have: a journal is a SQLite file, never a config or data file.
    static let journalExtensions = [".sqlite", ".sqlite3", ".db"]
    /// Folders of the config root a journal may not be written into.
    static let configFolders = ConfigFileKind.allCases.map(\.folder)

    /// `var/paper/journal.sqlite` (a leading `./` is dropped): a SQLite file's path, inside the config root
    /// when relative, used as written when absolute; never a folder, never `.` or `..`, never in the config
    /// folders. `runner run --fresh` removes what is there, so the path must not name anything else.
    mutating func journalPath(_ node: YAMLNode, field: String) -> Located<String>? {
        guard var path = text(node, field: field, expected: "a file path such as var/paper/journal.sqlite") else {
            return nil
        }
        while path.hasPrefix("./") { path.removeFirst(2) }
        func refuse(_ reason: String) -> Located<String>? {
            diagnostics.error(at: node.location, code: "invalid-path",
                              "'\(field)' must be the path of a SQLite file such as 'var/paper/journal.sqlite', "
                                  + "got '\(path)': \(reason)")
            return nil
        }
        let isAbsolute = path.hasPrefix("/")
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(isAbsolute ? 1 : 0)
        guard !path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return refuse("it holds a control character")
        }
        guard !components.contains(where: { $0 == "." || $0 == ".." }) else {
            return refuse("'.' and '..' are not allowed in it; a relative path stays inside the config root")
        }
        guard let name = components.last, !components.contains(where: \.isEmpty) else {
            return refuse("it names a folder, or has an empty part ('//')")
        }
        guard let ending = Self.journalExtensions.first(where: { name.hasSuffix($0) }), name.count > ending.count else {
            let endings = Self.journalExtensions.map { "'\($0)'" }.joined(separator: ", ")
            return refuse("a journal's file name ends in \(endings)")
        }
        if !isAbsolute, let first = components.first, components.count > 1, Self.configFolders.contains(String(first)) {
            return refuse("the folder '\(first)/' holds config files")
        }
        return Located(path, at: node.location)
    }
}
