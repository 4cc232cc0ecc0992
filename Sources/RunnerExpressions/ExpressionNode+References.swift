import RunnerDiagnostics

/// A name used in an expression and where it was written: an identifier, or the name of a called function.
public struct NameReference: Sendable, Hashable, CustomStringConvertible {
    /// The name as written.
    public var name: String
    /// The range of the name alone.
    public var range: SourceRange

    /// A reference to `name` written at `range`.
    public init(name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }

    /// `name@line:column`, for test output and debugging.
    public var description: String { "\(name)@\(range.start.line):\(range.start.column)" }
}

extension ExpressionNode {
    /// Every identifier (bar field or named indicator) the expression reads, without function names or fields.
    ///
    /// `sma(rsi(close, 14), 5) > fast` references `close` and `fast`.
    public var referencedIdentifiers: Set<String> {
        Set(identifierReferences.map(\.name))
    }

    /// Each use of an identifier, in source order, with its range; a name used twice appears twice.
    public var identifierReferences: [NameReference] {
        var references: [NameReference] = []
        forEachNode { node in
            if case .identifier(let name) = node.kind {
                references.append(NameReference(name: name, range: node.range))
            }
        }
        return references
    }

    /// Each function or indicator call, in source order (outer before inner), with the range of its name.
    ///
    /// `sma(rsi(close, 14), 5)` gives `sma` then `rsi`; a graph view draws one box per call.
    public var functionCalls: [NameReference] {
        var calls: [NameReference] = []
        forEachNode { node in
            if case .call(let name, let nameRange, _) = node.kind {
                calls.append(NameReference(name: name, range: nameRange))
            }
        }
        return calls
    }

    /// Each `@` timeframe written in the expression, with the range of the `@` and the timeframe, left to
    /// right with an outer `@` before those inside it: `close@1h > ema(close, 20)@4h` gives `1h` then `4h`.
    public var timeframeReferences: [(timeframe: Timeframe, range: SourceRange)] {
        var references: [(timeframe: Timeframe, range: SourceRange)] = []
        forEachNode { node in
            if case .timeframe(_, let timeframe, let atRange) = node.kind {
                references.append((timeframe, atRange))
            }
        }
        return references
    }

    /// The number of nodes on the longest path from this node down to a leaf; a literal has height 1.
    public var height: Int {
        1 + (children.map(\.height).max() ?? 0)
    }
}
