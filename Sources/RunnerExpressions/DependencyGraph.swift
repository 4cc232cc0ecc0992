/// Which named indicators read which, for cycle detection and the evaluation order.
///
/// Nodes are numbered in definition order; an edge `from -> to` means `from`'s expression reads `to`, and
/// keeps the first place the name was written so a cycle can be reported there.
struct DependencyGraph {
    /// One dependency: the node read and where its name was first written.
    struct Edge {
        var target: Int
        var reference: NameReference
    }

    /// The node names, in definition order.
    let names: [String]
    /// The outgoing edges of each node, in the order the names were first written.
    private(set) var edges: [[Edge]]

    /// A graph over `names` with no edges yet.
    init(names: [String]) {
        self.names = names
        self.edges = Array(repeating: [], count: names.count)
    }

    /// Adds an edge for each reference to a node name, once per target (the first reference wins).
    mutating func addReferences(from source: Int, _ references: [NameReference], index: [String: Int]) {
        for reference in references {
            guard let target = index[reference.name], !edges[source].contains(where: { $0.target == target }) else {
                continue
            }
            edges[source].append(Edge(target: target, reference: reference))
        }
    }

    /// The shortest cycle through `node`, as the edges taken (the last one returns to `node`); nil when
    /// `node` is on no cycle.
    func shortestCycle(through node: Int) -> [Edge]? {
        // Breadth-first from `node`, remembering the edge that reached each node first.
        var reachedBy: [Int: (previous: Int, edge: Edge)] = [:]
        var queue = [node]
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            for edge in edges[current] {
                if edge.target == node {
                    var path = [edge]
                    var step = current
                    while step != node, let entry = reachedBy[step] {
                        path.append(entry.edge)
                        step = entry.previous
                    }
                    return path.reversed()
                }
                if reachedBy[edge.target] == nil {
                    reachedBy[edge.target] = (current, edge)
                    queue.append(edge.target)
                }
            }
        }
        return nil
    }

    /// The nodes in an order where each comes after everything it reads, choosing the earliest-defined
    /// node whenever several are ready. Nodes on a cycle, or reading one, are left out.
    func topologicalOrder() -> [Int] {
        var waitingOn = edges.map { Set($0.map(\.target)).count }
        var readers = Array(repeating: [Int](), count: names.count)
        for (source, outgoing) in edges.enumerated() {
            for target in Set(outgoing.map(\.target)) {
                readers[target].append(source)
            }
        }
        var ready = waitingOn.indices.filter { waitingOn[$0] == 0 }
        var order: [Int] = []
        while let next = ready.min() {
            ready.removeAll { $0 == next }
            order.append(next)
            for reader in readers[next] {
                waitingOn[reader] -= 1
                if waitingOn[reader] == 0 { ready.append(reader) }
            }
        }
        return order
    }
}
