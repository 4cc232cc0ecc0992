import RunnerDiagnostics

extension NamedExpressionChecker {
    /// The definitions that become indicators other expressions can read, as indices into `definitions`,
    /// after reporting names that are invalid, repeated, or taken by a bar field or a function.
    ///
    /// A name shadowing a function stays a node (so references to it resolve and cycles through it are
    /// found) but never becomes available; a name shadowing a bar field is left out, so the name keeps
    /// meaning the bar field.
    func graphNodes(_ definitions: [ExpressionDefinition], _ diagnostics: inout DiagnosticCollector) -> [Int] {
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
            if catalog.signature(named: name) != nil {
                diagnostics.error(
                    at: location, code: ExpressionDiagnosticCode.indicatorShadowsFunction.rawValue,
                    "indicator '\(name)' has the name of the function '\(name)'; choose another name")
            }
            nodes.append(index)
        }
        return nodes
    }

    /// Reports each indicator on a cycle, at its reference to the next indicator on the shortest cycle
    /// through it: "indicator 'a' depends on itself through a -> b -> a".
    func reportCycles(in graph: DependencyGraph, _ diagnostics: inout DiagnosticCollector) {
        for node in graph.names.indices {
            guard let cycle = graph.shortestCycle(through: node), let first = cycle.first else { continue }
            let path = ([graph.names[node]] + cycle.map { graph.names[$0.target] }).joined(separator: " -> ")
            diagnostics.error(
                at: first.reference.range.start, code: ExpressionDiagnosticCode.indicatorCycle.rawValue,
                "indicator '\(graph.names[node])' depends on itself through \(path)")
        }
    }
}
