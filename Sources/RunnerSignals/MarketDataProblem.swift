import RunnerDiagnostics

/// A row of market data that could not be used, with the file and line it came from.
public struct MarketDataProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The header lacks a required column (the whole file is unusable).
        case missingColumn = "missing-column"
        /// Too few fields, an unreadable number or timestamp, an empty symbol.
        case malformedRow = "malformed-row"
        /// A timestamp not after the previous bar of the same symbol.
        case nonMonotonicTimestamp = "non-monotonic-timestamp"
        /// A negative price or volume, or a high below the low.
        case impossibleValue = "impossible-value"
    }

    public var kind: Kind
    public var location: SourceLocation
    public var message: String

    public init(_ kind: Kind, at location: SourceLocation, _ message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }

    /// The same problem as a diagnostic, for the renderers.
    public var diagnostic: Diagnostic { .error(at: location, code: kind.rawValue, message) }
}

/// Bad rows seen so far: a count per kind and the first reports, so a long replay can say what it skipped.
public struct MarketDataProblemLog: Sendable {
    /// How many reports are kept in full; counting goes on past it.
    public static let keptReports = 100
    public private(set) var counts: [MarketDataProblem.Kind: Int] = [:]
    public private(set) var reports: [MarketDataProblem] = []

    public init() {}

    public var total: Int { counts.values.reduce(0, +) }

    public mutating func record(_ problem: MarketDataProblem) {
        counts[problem.kind, default: 0] += 1
        if reports.count < Self.keptReports { reports.append(problem) }
    }

    /// `skipped 3 rows: 2 malformed-row, 1 non-monotonic-timestamp`, or nil when nothing was skipped.
    public var summary: String? {
        guard total > 0 else { return nil }
        let parts = MarketDataProblem.Kind.allCases.compactMap { kind in counts[kind].map { "\($0) \(kind.rawValue)" } }
        return "skipped \(total) row\(total == 1 ? "" : "s"): " + parts.joined(separator: ", ")
    }
}
