import Foundation

/// How `runner graph` prints a pipeline.
public enum GraphFormat: String, Sendable, CaseIterable {
    case text, dot, mermaid
}

extension PipelineGraph {
    /// A node of the drawn graph: a stable id, its label lines and whether it runs in this version.
    struct DrawnNode {
        var id: String
        var label: [String]
        var status: PartStatus = .running
    }

    /// The words under a part that is configured but does not run.
    static let notRunningLabel = "configured, not running"

    /// The graph flattened to nodes and edges, for the dot and mermaid views.
    var drawing: (nodes: [DrawnNode], edges: [(String, String)]) {
        var nodes = [DrawnNode(id: "source", label: ["market data: \(dataSource.source)"]
            + dataSource.settings.map { "\($0.key) = \($0.value)" })]
        var edges: [(String, String)] = []
        for strategy in strategies {
            let signal = "\(strategy.name)__signal"
            for indicator in strategy.indicators {
                let id = "\(strategy.name)__\(indicator.name)"
                nodes.append(DrawnNode(id: id, label: ["\(strategy.name).\(indicator.name)", indicator.expression]))
                if !indicator.barInputs.isEmpty || indicator.indicatorInputs.isEmpty { edges.append(("source", id)) }
                edges += indicator.indicatorInputs.map { ("\(strategy.name)__\($0)", id) }
            }
            nodes.append(DrawnNode(id: signal, label: ["signal: \(strategy.name)"]
                + strategy.rules.map { "\($0.side): \($0.expression)" } + strategy.exits + ["sizing: \(strategy.sizing)"]))
            edges.append(("source", signal))
            edges += strategy.signalInputs.map { ("\(strategy.name)__\($0)", signal) }
            edges.append((signal, "risk"))
        }
        nodes.append(DrawnNode(id: "risk", label: ["risk gate (\(riskGate.limitsFile))"]
            + riskGate.checks.enumerated().map { "\($0.offset + 1). \($0.element)" }))
        nodes.append(DrawnNode(id: "router", label: ["router: \(router.algorithm)", "slice above \(router.sliceAbove)"]))
        nodes.append(DrawnNode(id: "broker", label: ["broker: \(broker.adapter)", "account \(broker.account)"]))
        nodes.append(DrawnNode(id: "kill_switch", label: ["kill switch"]))
        for part in attached {
            nodes.append(DrawnNode(
                id: part.kind.rawValue,
                label: ["\(part.kind.rawValue) \(part.settings)"]
                    + (part.status == .running ? [] : [Self.notRunningLabel]),
                status: part.status))
        }
        edges += [("risk", "router"), ("router", "broker"), ("broker", "reconciliation"),
                  ("reconciliation", "kill_switch"), ("heartbeat", "watchdog"), ("watchdog", "kill_switch"),
                  ("dashboard", "kill_switch"), ("kill_switch", "broker"),
                  ("reconciliation", "alerts"), ("watchdog", "alerts"), ("clock", "alerts"), ("kill_switch", "alerts")]
        return (nodes, edges)
    }

    /// Renders the graph for people (`text`), Graphviz (`dot`) or Mermaid.
    public func render(_ format: GraphFormat) -> String {
        switch format {
        case .text: renderText()
        case .dot: renderDot()
        case .mermaid: renderMermaid()
        }
    }

    func renderText() -> String {
        var lines = ["pipeline '\(environment)' (mode: \(mode.rawValue))"]
        lines.append("  market data: \(dataSource.source)"
            + dataSource.settings.map { " \($0.key)=\($0.value)" }.joined())
        for strategy in strategies {
            lines.append("  strategy \(strategy.name) [\(strategy.timeframe.configText)] "
                + strategy.universe.map(\.rawValue).joined(separator: ", ")
                + (strategy.uses.map { "  (strategies/\($0).yaml)" } ?? ""))
            if !strategy.parameters.isEmpty { lines.append("    params: " + strategy.parameters.joined(separator: ", ")) }
            for indicator in strategy.indicators {
                let inputs = indicator.indicatorInputs + indicator.barInputs
                lines.append("    indicator \(indicator.name) = \(indicator.expression)"
                    + (inputs.isEmpty ? "" : "  <- " + inputs.joined(separator: ", ")))
            }
            for rule in strategy.rules { lines.append("    rule \(rule.side): \(rule.expression)") }
            for exit in strategy.exits { lines.append("    exit \(exit)") }
            lines.append("    confidence: \(strategy.confidence)")
            lines.append("    sizing: \(strategy.sizing)")
        }
        lines.append("  risk gate (\(riskGate.limitsFile)), in order:")
        lines += riskGate.checks.enumerated().map { "    \($0.offset + 1). \($0.element)" }
        lines.append("  router: \(router.algorithm), slice above \(router.sliceAbove), horizon "
            + "\(router.horizon.configText), child interval \(router.childInterval.configText), "
            + "participation \(router.participation), default venue \(router.defaultVenue)")
        lines += router.venueRules.map { "    venue rule: \($0)" }
        lines.append("  broker: \(broker.adapter) (account \(broker.account)"
            + (broker.tradesRealMoney ? ", real money)" : ", simulated)"))
        lines.append("  attached: kill switch")
        lines.append("  journal: \(journalPath)")
        let running = attached.filter { $0.status == .running }
        let notRunning = attached.filter { $0.status == .configuredNotRunning }
        lines += running.map { "  \($0.kind.rawValue) \($0.settings)" }
        if !notRunning.isEmpty {
            lines.append("  \(Self.notRunningLabel) in this version:")
            lines += notRunning.map { "    \($0.kind.rawValue) \($0.settings)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func renderDot() -> String {
        let (nodes, edges) = drawing
        var lines = ["digraph \"\(environment)\" {", "  rankdir=LR;", "  node [shape=box, fontname=\"monospace\"];"]
        for node in nodes {
            let label = node.label.map(dotEscape).joined(separator: "\\l") + "\\l"
            let style = node.status == .running ? "" : ", style=dashed"
            lines.append("  \"\(node.id)\" [label=\"\(label)\"\(style)];")
        }
        lines += edges.map { "  \"\($0.0)\" -> \"\($0.1)\";" }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    func renderMermaid() -> String {
        let (nodes, edges) = drawing
        var lines = ["flowchart LR"]
        for node in nodes {
            let label = node.label.map { $0.replacingOccurrences(of: "\"", with: "#quot;") }.joined(separator: "<br/>")
            lines.append("  \(node.id)[\"\(label)\"]")
        }
        lines += edges.map { "  \($0.0) --> \($0.1)" }
        let notRunning = nodes.filter { $0.status == .configuredNotRunning }.map(\.id)
        if !notRunning.isEmpty {
            lines.append("  classDef notRunning stroke-dasharray: 5 5")
            lines.append("  class \(notRunning.joined(separator: ",")) notRunning")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func dotEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
