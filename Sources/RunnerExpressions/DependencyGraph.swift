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
        var targets = Set(edges[source].map(\.target))
        for reference in references {
            guard let target = index[reference.name], targets.insert(target).inserted else { continue }
            edges[source].append(Edge(target: target, reference: reference))
        }
    }

    /// The nodes on cycles, grouped: each group is a strongly connected component with a cycle (several
    /// nodes, or one that reads itself), its nodes in definition order, the groups ordered by their first
    /// node. Tarjan's algorithm without recursion, so a chain of any length cannot overflow the stack:
    /// O(nodes + edges).
    func cycleGroups() -> [[Int]] {
        var order = Array(repeating: -1, count: names.count)
        var lowLink = Array(repeating: 0, count: names.count)
        var onStack = Array(repeating: false, count: names.count)
        var stack: [Int] = []
        var groups: [[Int]] = []
        var counter = 0
        for root in names.indices where order[root] < 0 {
            // Each frame: a node and the next of its edges to follow.
            var frames: [(node: Int, edge: Int)] = [(root, 0)]
            order[root] = counter
            lowLink[root] = counter
            counter += 1
            stack.append(root)
            onStack[root] = true
            while let frame = frames.last {
                let node = frame.node
                if frame.edge < edges[node].count {
                    frames[frames.count - 1].edge += 1
                    let target = edges[node][frame.edge].target
                    if order[target] < 0 {
                        order[target] = counter
                        lowLink[target] = counter
                        counter += 1
                        stack.append(target)
                        onStack[target] = true
                        frames.append((target, 0))
                    } else if onStack[target] {
                        lowLink[node] = min(lowLink[node], order[target])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { lowLink[parent] = min(lowLink[parent], lowLink[node]) }
                guard lowLink[node] == order[node] else { continue }
                var group: [Int] = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    group.append(member)
                    if member == node { break }
                }
                let readsItself = edges[node].contains { $0.target == node }
                if group.count > 1 || readsItself { groups.append(group.sorted()) }
            }
        }
        return groups.sorted { $0[0] < $1[0] }
    }

    /// The shortest cycle through `node`, as the edges taken (the last one returns to `node`); nil when
    /// `node` is on no cycle. Breadth-first, so O(nodes + edges).
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
    /// node whenever several are ready (a heap of the ready ones: O((nodes + edges) log nodes)). Nodes on
    /// a cycle, or reading one, are left out.
    func topologicalOrder() -> [Int] {
        var waitingOn = edges.map(\.count)
        var readers = Array(repeating: [Int](), count: names.count)
        for (source, outgoing) in edges.enumerated() {
            for edge in outgoing { readers[edge.target].append(source) }
        }
        var ready = MinimumHeap()
        for node in waitingOn.indices where waitingOn[node] == 0 { ready.insert(node) }
        var order: [Int] = []
        while let next = ready.popMinimum() {
            order.append(next)
            for reader in readers[next] {
                waitingOn[reader] -= 1
                if waitingOn[reader] == 0 { ready.insert(reader) }
            }
        }
        return order
    }
}

/// A binary min-heap of node numbers.
private struct MinimumHeap {
    private var items: [Int] = []

    mutating func insert(_ item: Int) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMinimum() -> Int? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left] < items[smallest] { smallest = left }
            if right < items.count, items[right] < items[smallest] { smallest = right }
            guard smallest != parent else { return first }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
