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
    /// The pending bars' times (`Int64.max` once a reader is exhausted), scanned for the earliest without
    /// copying bars; and their symbols' slots in `lastDelivered`.
    private var pendingTimestamps: [Int64]
    private var pendingSlots: [Int]
    /// Each reader's symbols (by the reader's own index) to their slot across files.
    private var slotsByReader: [[Int]]
    private var slots: [Symbol: Int] = [:]
    /// The last bar delivered per symbol slot: two files holding the same bar would otherwise deliver it twice.
    private var lastDelivered: [Int64] = []
    /// Under the stop policy, a bad row found while reading ahead; thrown by the next call, after the
    /// good bars before it were delivered.
    private var stopProblem: MarketDataProblem?
    private var primed = false

    /// - Parameter path: a `.csv` file or a folder of them.
    public init(path: String, policy: BadRowPolicy = .skip) throws(MarketDataProblem) {
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
        self.init(readers: readers, policy: policy)
    }

    /// Reads from already-open readers (tests and `runner compute`).
    public init(readers: [CSVBarReader], policy: BadRowPolicy = .skip) {
        self.policy = policy
        self.readers = readers
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
            guard earliest < pending.count, let bar = pending[earliest] else { return nil }
            let line = pendingLines[earliest]
            let slot = pendingSlots[earliest]
            setPending(earliest, read(earliest))
            if bar.timestamp <= lastDelivered[slot] {
                let problem = MarketDataProblem(
                    .nonMonotonicTimestamp, at: SourceLocation(file: readers[earliest].file, line: line, column: 1),
                    "this \(bar.symbol) bar is not after one already read from another file")
                problems.record(problem)
                if policy == .stop { stopProblem = stopProblem ?? problem }
                continue
            }
            lastDelivered[slot] = bar.timestamp
            return bar
        }
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
            lastDelivered.append(.min)
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
