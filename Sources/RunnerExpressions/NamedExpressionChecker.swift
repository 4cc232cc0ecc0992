import RunnerDiagnostics

/// Checks a strategy's named indicators together: their names, the references between them, cycles, and
/// each expression's types in dependency order.
///
/// Indicators may be defined in any order (`fast: slow * 2` before `slow:`). Each problem is reported once:
/// an indicator whose definition fails is unavailable, and expressions reading it stay quiet about it.
public struct NamedExpressionChecker: Sendable {
    /// The functions expressions may call; indicator names may not repeat them.
    public var catalog: FunctionCatalog
    /// The bar fields (numbers) expressions may read; indicator names may not repeat them.
    public var barFields: [String]
    /// The type every indicator must have; nil accepts any type, so an indicator may hold a whole record
    /// (`m: macd(close)`, read as `m.signal`) or a boolean.
    public var indicatorType: ValueType?
    /// Whether an indicator may share a function's name (`rsi: rsi(close, 14)`).
    ///
    /// The grammar keeps the two apart (a call is always `name(`), so this is unambiguous; it is refused by
    /// default because `rsi` meaning two things in one file is easy to misread.
    public var allowsFunctionNames: Bool
    /// Names replaced by numbers when parsed (a strategy's `params`); indicator names may not repeat them.
    public var constants: ExpressionConstants
    /// Numbers the runner provides besides the bar fields (a strategy's `position`); not to be repeated either.
    public var providedNumbers: [String]

    /// A checker with the given catalog, bar fields, required indicator type and naming policy.
    public init(
        catalog: FunctionCatalog = .standard, barFields: [String] = TypeEnvironment.standardBarFields,
        indicatorType: ValueType? = .number, allowsFunctionNames: Bool = false,
        constants: ExpressionConstants = ExpressionConstants(), providedNumbers: [String] = []
    ) {
        self.catalog = catalog
        self.barFields = barFields
        self.indicatorType = indicatorType
        self.allowsFunctionNames = allowsFunctionNames
        self.constants = constants
        self.providedNumbers = providedNumbers
    }

    /// Checks `definitions`, in the order the file lists them.
    public func check(_ definitions: [ExpressionDefinition]) -> CheckedExpressionSet {
        var diagnostics = DiagnosticCollector()
        var environment = TypeEnvironment(barFields: barFields)
        environment.constants = constants
        for name in providedNumbers { environment.declare(name, as: .number) }
        let nodes = graphNodes(definitions, &diagnostics)

        // Parse every definition; the graph nodes are known (but unavailable) until they check cleanly, so
        // "did you mean" can suggest an indicator defined further down.
        let parsed = definitions.map { ExpressionParser.parse($0.text, origin: $0.origin).substituting(constants) }
        for result in parsed {
            diagnostics.append(contentsOf: result.diagnostics)
        }
        for index in nodes {
            environment.declareUnavailable(definitions[index].name)
        }

        var graph = DependencyGraph(names: nodes.map { definitions[$0].name })
        let nodeIndex = Dictionary(uniqueKeysWithValues: graph.names.enumerated().map { ($1, $0) })
        for (node, index) in nodes.enumerated() {
            graph.addReferences(from: node, parsed[index].expression?.identifierReferences ?? [], index: nodeIndex)
        }
        reportCycles(in: graph, &diagnostics)

        var checker = TypeChecker(catalog: catalog, environment: environment)
        var indicators: [String: CheckedIndicator] = [:]
        var order: [String] = []
        let ordered = graph.topologicalOrder()
        for node in ordered {
            let definition = definitions[nodes[node]]
            guard let expression = parsed[nodes[node]].expression else { continue }
            let result = checker.check(expression, expecting: indicatorType, role: "indicator '\(definition.name)'")
            diagnostics.append(contentsOf: result.diagnostics)
            // A refused name shadowing a function was reported; it stays unavailable.
            let refusedName = !allowsFunctionNames && catalog.signature(named: definition.name) != nil
            guard let type = result.type, !refusedName else { continue }
            checker.environment.declare(definition.name, as: type)
            let dependencies = graph.edges[node].map { graph.names[$0.target] }
            indicators[definition.name] = CheckedIndicator(
                name: definition.name, expression: expression, type: type, dependencies: dependencies)
            order.append(definition.name)
        }

        // Definitions outside the order (on or after a cycle, or with a rejected name) are still checked for
        // their other mistakes, against everything that did check.
        let orderedDefinitions = Set(ordered.map { nodes[$0] })
        for index in definitions.indices where !orderedDefinitions.contains(index) {
            guard let expression = parsed[index].expression else { continue }
            let role = "indicator '\(definitions[index].name)'"
            diagnostics.append(contentsOf: checker.check(expression, expecting: indicatorType, role: role).diagnostics)
        }

        return CheckedExpressionSet(
            indicators: indicators, order: order, diagnostics: diagnostics.diagnostics.sortedByLocation(),
            catalog: catalog, environment: checker.environment)
    }
}

extension NamedExpressionChecker {
    /// The definitions that become indicators other expressions can read, as indices into `definitions`,
    /// after reporting names that are invalid, repeated, or taken by a bar field or a function.
    ///
    /// A refused name shadowing a function stays a node (so references to it resolve and cycles through it are
    /// found) but never becomes available; a name shadowing a bar field is left out, so the name keeps
    /// meaning the bar field.
    private func graphNodes(_ definitions: [ExpressionDefinition], _ diagnostics: inout DiagnosticCollector) -> [Int] {
        var firstDefinition: [String: Int] = [:]
        var nodes: [Int] = []
        for (index, definition) in definitions.enumerated() {
            let name = definition.name
            let location = definition.nameLocation
            guard ExpressionDefinition.isValidName(name) else {
                let message =
                    ExpressionDefinition.isReservedWord(name)
                    ? "indicator name '\(name)' is a reserved word; choose another name"
                    : "indicator name '\(name)' cannot be used in expressions; a name is letters, digits and '_', "
                        + "and does not start with a digit"
                diagnostics.error(at: location, code: ExpressionDiagnosticCode.invalidIndicatorName.rawValue, message)
                continue
            }
            if let first = firstDefinition[name] {
                diagnostics.error(
                    at: location, code: ExpressionDiagnosticCode.duplicateIndicator.rawValue,
                    "indicator '\(name)' is defined twice; the first definition is at "
                        + "\(definitions[first].nameLocation)")
                continue
            }
            firstDefinition[name] = index
            if barFields.contains(name) {
                diagnostics.error(
                    at: location, code: ExpressionDiagnosticCode.indicatorShadowsBarField.rawValue,
                    "indicator '\(name)' has the name of a bar field, which it would hide; choose another name")
                continue
            }
            if constants[name] != nil || providedNumbers.contains(name) {
                let what = constants[name] != nil ? "a parameter" : "a value the runner provides"
                diagnostics.error(
                    at: location, code: ExpressionDiagnosticCode.indicatorShadowsBarField.rawValue,
                    "indicator '\(name)' has the name of \(what), which it would hide; choose another name")
                continue
            }
            if !allowsFunctionNames, catalog.signature(named: name) != nil {
                diagnostics.error(
                    at: location, code: ExpressionDiagnosticCode.indicatorShadowsFunction.rawValue,
                    "indicator '\(name)' has the name of the function '\(name)'; choose another name")
            }
            nodes.append(index)
        }
        return nodes
    }

    /// The most names a cycle's path lists; a longer one shows its start and end around a count.
    public static let longestPathShown = 12

    /// Reports each cycle once, at the first-defined indicator on it, at its reference to the next one on
    /// the shortest cycle through it: "indicator 'a' depends on itself through a -> b -> a". Indicators
    /// caught in the same knot of cycles are counted in that one message, not reported again, so the
    /// output stays short and the work linear however many indicators the knot holds.
    private func reportCycles(in graph: DependencyGraph, _ diagnostics: inout DiagnosticCollector) {
        for group in graph.cycleGroups() {
            let node = group[0]
            guard let cycle = graph.shortestCycle(through: node), let first = cycle.first else { continue }
            var names = [graph.names[node]] + cycle.map { graph.names[$0.target] }
            if names.count > Self.longestPathShown {
                let hidden = names.count - Self.longestPathShown
                names = names.prefix(Self.longestPathShown / 2) + ["... (\(hidden) more)"]
                    + names.suffix(Self.longestPathShown / 2)
            }
            let others = group.count - cycle.count
            let knot = others > 0 ? "; \(others) other indicator\(others == 1 ? " is" : "s are") on cycles with it" : ""
            diagnostics.error(
                at: first.reference.range.start, code: ExpressionDiagnosticCode.indicatorCycle.rawValue,
                "indicator '\(graph.names[node])' depends on itself through \(names.joined(separator: " -> "))\(knot)")
        }
    }
}
