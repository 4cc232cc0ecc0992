import Foundation
import RunnerCore
import RunnerDiagnostics

/// Bars from a CSV file, or from every `.csv` file in a folder (one per symbol, or several combined),
/// merged into time order.
///
/// Each file must be in time order (rows of several symbols may share a time) with each symbol's
/// timestamps increasing; across files the merge picks the earliest next bar (ties go to the file whose
/// name sorts first), and a bar already read from another file is a problem, not a second bar. Bad rows
/// follow the ``BadRowPolicy``; under `stop`, the replay ends at the first bad row found while reading
/// ahead, which may come before good bars of other files with later lines but earlier times.
public struct CSVMarketDataSource: MarketDataSource {
    public let policy: BadRowPolicy
    public private(set) var problems = MarketDataProblemLog()
    private var readers: [CSVBarReader]
    /// The next bar of each reader (nil once it is exhausted), with the line it came from.
    private var pending: [Bar?]
    private var pendingLines: [Int]
    /// The last bar delivered per symbol: two files holding the same bar would otherwise deliver it twice.
    private var lastDelivered: [Symbol: Int64] = [:]
    /// Under the stop policy, a bad row found while reading ahead; thrown by the next call, after the
    /// good bars before it were delivered.
    private var stopProblem: MarketDataProblem?
    private var primed = false

    /// - Parameter path: a `.csv` file or a folder of them.
    public init(path: String, policy: BadRowPolicy = .skip) throws(MarketDataProblem) {
        self.policy = policy
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MarketDataProblem(.missingColumn, at: SourceLocation(file: path, line: 1, column: 1),
                                    "no market data at '\(path)': it is neither a file nor a folder")
        }
        var files = [path]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files = names.filter { $0.hasSuffix(".csv") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            guard !files.isEmpty else {
                throw MarketDataProblem(.missingColumn, at: SourceLocation(file: path, line: 1, column: 1),
                                        "the folder '\(path)' holds no .csv files")
            }
        }
        var readers: [CSVBarReader] = []
        for file in files { readers.append(try CSVBarReader(path: file)) }
        self.readers = readers
        pending = Array(repeating: nil, count: readers.count)
        pendingLines = Array(repeating: 0, count: readers.count)
    }

    /// Reads from already-open readers (tests and `runner compute`).
    public init(readers: [CSVBarReader], policy: BadRowPolicy = .skip) {
        self.policy = policy
        self.readers = readers
        pending = Array(repeating: nil, count: readers.count)
        pendingLines = Array(repeating: 0, count: readers.count)
    }

    public mutating func next() throws(MarketDataProblem) -> Bar? {
        if !primed {
            primed = true
            for index in readers.indices { pending[index] = read(index) }
        }
        while true {
            if let stopProblem { throw stopProblem }
            var earliest: Int?
            for index in pending.indices {
                guard let bar = pending[index] else { continue }
                if earliest == nil || bar.timestamp < pending[earliest!]!.timestamp { earliest = index }
            }
            guard let earliest, let bar = pending[earliest] else { return nil }
            let line = pendingLines[earliest]
            pending[earliest] = read(earliest)
            if let previous = lastDelivered[bar.symbol], bar.timestamp <= previous {
                let problem = MarketDataProblem(
                    .nonMonotonicTimestamp, at: SourceLocation(file: readers[earliest].file, line: line, column: 1),
                    "this \(bar.symbol) bar is not after one already read from another file")
                problems.record(problem)
                if policy == .stop { stopProblem = stopProblem ?? problem }
                continue
            }
            lastDelivered[bar.symbol] = bar.timestamp
            return bar
        }
    }

    /// The next good bar of one reader, applying the policy to bad rows.
    private mutating func read(_ index: Int) -> Bar? {
        while let result = readers[index].next() {
            switch result {
            case .success(let bar):
                pendingLines[index] = readers[index].line
                return bar
            case .failure(let problem):
                problems.record(problem)
                if policy == .stop {
                    stopProblem = stopProblem ?? problem
                    return nil
                }
            }
        }
        return nil
    }
}
