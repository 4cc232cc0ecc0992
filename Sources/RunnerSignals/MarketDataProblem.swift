import RunnerDiagnostics

/// A row of market data that could not be used, with the file and line it came from.
public struct MarketDataProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The file cannot be used at all: unreadable, empty, a header without a required column or with one
        /// named twice, a file name that is not a symbol.
        case missingColumn = "missing-column"
        /// Fields not as many as the header's, an unreadable number or timestamp, an empty symbol, an
        /// unclosed quote, a line longer than the maximum.
        case malformedRow = "malformed-row"
        /// A timestamp not after the previous bar of the same symbol.
        case nonMonotonicTimestamp = "non-monotonic-timestamp"
        /// A price or volume outside its range, a high below the low, an open or close outside them, a
        /// timestamp outside 1900-2199.
        case impossibleValue = "impossible-value"
        /// The same bar (symbol and time) in two files, with other values.
        case conflictingBar = "conflicting-bar"
        /// A symbol a strategy trades with no bar in the market data.
        case missingSymbol = "missing-symbol"
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

    /// A problem with the whole file (or folder) at `path`, located at its start.
    public static func file(_ path: String, _ message: String) -> MarketDataProblem {
        MarketDataProblem(.missingColumn, at: SourceLocation(file: path, line: 1, column: 1), message)
    }

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

    /// The first `limit` reports, and a last line saying how many more there were when there were more.
    public func reportLines(limit: Int) -> [String] {
        let shown = reports.prefix(limit).map(\.description)
        let more = total - shown.count
        return more > 0 ? shown + ["... and \(more) more problem\(more == 1 ? "" : "s") with the market data"] : shown
    }

    /// Why a replay that delivered `bars` bars cannot be trusted: no bar at all, or more problems than bars
    /// (most of the data unusable, as when its timestamps are in another format). Nil when it can.
    public func failure(bars: Int) -> String? { Self.failure(bars: bars, skipped: total) }

    /// ``failure(bars:)`` from the counts alone.
    public static func failure(bars: Int, skipped total: Int) -> String? {
        let problems = "\(total) problem\(total == 1 ? "" : "s") with it, the first ones reported above"
        if bars == 0 {
            return total == 0 ? "the market data holds no bars" : "the market data gave no usable bar (\(problems))"
        }
        guard total > bars else { return nil }
        return "most of the market data was skipped: \(bars) bar\(bars == 1 ? "" : "s") read, \(problems); "
            + "fix the data or its market_data settings"
    }

    /// `skipped 3 rows: 2 malformed-row, 1 non-monotonic-timestamp`, or nil when nothing was skipped.
    public var summary: String? {
        guard total > 0 else { return nil }
        let parts = MarketDataProblem.Kind.allCases.compactMap { kind in counts[kind].map { "\($0) \(kind.rawValue)" } }
        return "skipped \(total) row\(total == 1 ? "" : "s"): " + parts.joined(separator: ", ")
    }
}
