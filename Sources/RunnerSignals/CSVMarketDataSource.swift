import Foundation
import RunnerCore
import RunnerDiagnostics

/// Bars from CSV files (one file, or a folder of them: one per symbol, or several combined),
/// merged into time order.
///
/// Each file must be in time order (rows of several symbols may share a time) with each symbol's
/// timestamps increasing; across files the merge picks the earliest next bar (ties go to the file whose
/// name sorts first). The same bar (symbol and time) in a second file is a problem: a duplicate when its
/// values are the same, a conflict when they differ; either way the first one read is kept. Bad rows
/// follow the ``BadRowPolicy``; under `stop`, the replay ends at the first bad row found while reading
/// ahead, which may come before good bars of other files with later lines but earlier times. At the end,
/// each symbol of `universe` with no bar at all is a problem too.
public struct CSVMarketDataSource: MarketDataSource {
    public let policy: BadRowPolicy
    public private(set) var problems = MarketDataProblemLog()
    /// The file or folder read, where problems with the whole data are located.
    public let path: String
    /// Symbols the strategies trade: each must have data.
    private let universe: [Symbol]
    private var readers: [CSVBarReader]
    /// The next bar of each reader (nil once it is exhausted), with the line it came from.
    private var pending: [Bar?]
    private var pendingLines: [Int]
    /// The pending bars' times (`Int64.max` once a reader is exhausted), scanned for the earliest without
    /// copying bars; and their symbols' slots in `lastDelivered`.
    private var pendingTimestamps: [Int64]
    private var pendingSlots: [Int]
    /// Each reader's symbols (by the reader's own index) to their slot across files.
    private var slotsByReader: [[Int]]
    private var slots: [Symbol: Int] = [:]
    /// The last bar delivered per symbol slot, and the file and line it came from: two files holding the
    /// same bar would otherwise deliver it twice.
    private var lastDelivered: [Bar?] = []
    private var lastOrigins: [SourceLocation] = []
    /// Under the stop policy, a bad row found while reading ahead; thrown by the next call, after the
    /// good bars before it were delivered.
    private var stopProblem: MarketDataProblem?
    private var primed = false
    private var finished = false
    /// Bars delivered.
    public private(set) var delivered = 0

    /// - Parameter path: a `.csv` file or a folder of them.
    public init(path: String, policy: BadRowPolicy = .skip, options: CSVReadOptions = .standard,
                universe: [Symbol] = []) throws(MarketDataProblem) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MarketDataProblem.file(path, "no market data at '\(path)': it is neither a file nor a folder")
        }
        var files = [path]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files = names.filter { $0.hasSuffix(".csv") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            guard !files.isEmpty else { throw MarketDataProblem.file(path, "the folder '\(path)' holds no .csv files") }
        }
        var readers: [CSVBarReader] = []
        for file in files { readers.append(try CSVBarReader(path: file, options: options)) }
        self.init(readers: readers, policy: policy, path: path, universe: universe)
    }

    /// Reads from already-open readers (tests and `runner compute`).
    public init(readers: [CSVBarReader], policy: BadRowPolicy = .skip, path: String? = nil, universe: [Symbol] = []) {
        self.policy = policy
        self.readers = readers
        self.path = path ?? readers.first?.file ?? ""
        self.universe = universe
        pending = Array(repeating: nil, count: readers.count)
        pendingLines = Array(repeating: 0, count: readers.count)
        pendingTimestamps = Array(repeating: .max, count: readers.count)
        pendingSlots = Array(repeating: 0, count: readers.count)
        slotsByReader = Array(repeating: [], count: readers.count)
    }

    public mutating func next() throws(MarketDataProblem) -> Bar? {
        if !primed {
            primed = true
            for index in readers.indices { setPending(index, read(index)) }
        }
        while true {
            if let stopProblem { throw stopProblem }
            // The earliest pending bar; ties go to the first reader.
            var earliest = 0
            for index in pendingTimestamps.indices where pendingTimestamps[index] < pendingTimestamps[earliest] {
                earliest = index
            }
            guard earliest < pending.count, let bar = pending[earliest] else {
                try finish()
                return nil
            }
            let location = SourceLocation(file: readers[earliest].file, line: pendingLines[earliest], column: 1)
            let slot = pendingSlots[earliest]
            setPending(earliest, read(earliest))
            if let previous = lastDelivered[slot], bar.timestamp <= previous.timestamp {
                record(Self.repeated(bar, previous: previous, at: location, origin: lastOrigins[slot]))
                continue
            }
            lastDelivered[slot] = bar
            lastOrigins[slot] = location
            delivered += 1
            return bar
        }
    }

    /// The problem with a bar of a second file at or before one delivered from another.
    private static func repeated(_ bar: Bar, previous: Bar, at location: SourceLocation, origin: SourceLocation)
        -> MarketDataProblem
    {
        guard bar.timestamp == previous.timestamp else {
            return MarketDataProblem(.nonMonotonicTimestamp, at: location,
                                     "this \(bar.symbol) bar is before one already read from \(origin)")
        }
        let fields: [(String, Double, Double)] = [
            ("open", bar.open, previous.open), ("high", bar.high, previous.high), ("low", bar.low, previous.low),
            ("close", bar.close, previous.close), ("volume", bar.volume, previous.volume),
        ]
        let differences = fields.filter { $0.1 != $0.2 }.map { "\($0.0) \($0.1) here, \($0.2) there" }
        guard differences.isEmpty else {
            return MarketDataProblem(.conflictingBar, at: location,
                                     "this \(bar.symbol) bar conflicts with the one at the same time in \(origin) ("
                                        + differences.joined(separator: "; ") + "); the first one read is kept")
        }
        return MarketDataProblem(.nonMonotonicTimestamp, at: location,
                                 "this \(bar.symbol) bar repeats the one at the same time in \(origin)")
    }

    /// At the end of the data: each symbol of the universe without a bar is a problem.
    private mutating func finish() throws(MarketDataProblem) {
        guard !finished else { return }
        finished = true
        let location = SourceLocation(file: path, line: 1, column: 1)
        for symbol in universe where slots[symbol].flatMap({ lastDelivered[$0] }) == nil {
            record(MarketDataProblem(.missingSymbol, at: location,
                                     "\(symbol) is in a strategy's universe, but the market data holds no bar for it"))
        }
        if let stopProblem { throw stopProblem }
    }

    private mutating func record(_ problem: MarketDataProblem) {
        problems.record(problem)
        if policy == .stop { stopProblem = stopProblem ?? problem }
    }

    /// Makes `bar` (nil when the reader is exhausted) the reader's pending bar, with its time and slot.
    private mutating func setPending(_ index: Int, _ bar: Bar?) {
        pending[index] = bar
        guard let bar else {
            pendingTimestamps[index] = .max
            return
        }
        pendingTimestamps[index] = bar.timestamp
        let symbolIndex = readers[index].symbolIndex
        if symbolIndex < slotsByReader[index].count, slotsByReader[index][symbolIndex] >= 0 {
            pendingSlots[index] = slotsByReader[index][symbolIndex]
            return
        }
        // A symbol new to this reader: its slot across files, made on first sight in any file. (The
        // reader may have interned symbols whose rows were all bad: their places wait, at -1.)
        let slot = slots[bar.symbol] ?? {
            lastDelivered.append(nil)
            lastOrigins.append(SourceLocation(file: "", line: 0, column: 0))
            slots[bar.symbol] = lastDelivered.count - 1
            return lastDelivered.count - 1
        }()
        while slotsByReader[index].count <= symbolIndex { slotsByReader[index].append(-1) }
        slotsByReader[index][symbolIndex] = slot
        pendingSlots[index] = slot
    }

    /// The next good bar of one reader, applying the policy to bad rows.
    private mutating func read(_ index: Int) -> Bar? {
        while let result = readers[index].next() {
            switch result {
            case .success(let bar):
                pendingLines[index] = readers[index].line
                return bar
            case .failure(let problem):
                record(problem)
                if policy == .stop { return nil }
            }
        }
        return nil
    }
}
