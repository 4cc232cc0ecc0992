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

    /// A checker with the given catalog, bar fields and required indicator type.
    public init(
        catalog: FunctionCatalog = .standard, barFields: [String] = TypeEnvironment.standardBarFields,
        indicatorType: ValueType? = .number
    ) {
        self.catalog = catalog
        self.barFields = barFields
        self.indicatorType = indicatorType
    }

    /// Checks `definitions`, in the order the file lists them.
    public func check(_ definitions: [ExpressionDefinition]) -> CheckedExpressionSet {
        var diagnostics = DiagnosticCollector()
        var environment = TypeEnvironment(barFields: barFields)
        let nodes = graphNodes(definitions, &diagnostics)

        // Parse every definition; the graph nodes are known (but unavailable) until they check cleanly, so
        // "did you mean" can suggest an indicator defined further down.
        let parsed = definitions.map { ExpressionParser.parse($0.text, origin: $0.origin) }
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
            // A name shadowing a function was reported; it stays unavailable.
            guard let type = result.type, catalog.signature(named: definition.name) == nil else { continue }
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
