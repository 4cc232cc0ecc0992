import Foundation
import RunnerCore
import RunnerSignals

/// What the CSV fuzz target does with each input, and what the tests replay the corpus through: the bytes
/// read under several layouts, from memory and from a file through a small window, and merged with
/// themselves. It traps (so libFuzzer reports the input) when a read crashes, when a bar breaks what the
/// reader promises, or when the two ways of reading disagree.
public enum CSVFuzzHarness {
    /// The options each input is read with (built once: a time zone's table takes a while).
    static let options: [CSVReadOptions] = layouts.map { CSVReadOptions(layout: $0) }

    /// The layouts each input is read under: the standard one, and the settings real exports need.
    static let layouts: [MarketDataLayout] = {
        var layouts = [MarketDataLayout.standard, MarketDataLayout(maximumLineLength: 128)]
        if case .success(let pattern) = TimestampFormat.parse("%m/%d/%Y %I:%M %p"),
            case .success(let columns) = MarketDataLayout.columnMapping("timestamp=date, close=adj close")
        {
            layouts.append(MarketDataLayout(columns: columns, timestampFormat: pattern, timeZone: TimeZone(identifier: "America/New_York")))
        }
        layouts.append(MarketDataLayout(symbolSource: .fileName, bars: .daily, order: .descending))
        layouts.append(MarketDataLayout(order: .descending, maximumLineLength: 200))
        return layouts
    }()

    /// Where inputs are written to be read as a file: one per process (libFuzzer calls one input at a time).
    public static let scratchFile: String = {
        let folder = NSTemporaryDirectory() + "runner-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/AAPL.csv"
    }()

    /// Reads `bytes` every way; traps on a broken promise, so libFuzzer keeps the input.
    public static func exercise(_ bytes: [UInt8]) {
        if let broken = brokenPromise(bytes) { fatalError(broken) }
    }

    /// Reads `bytes` every way: the first promise broken, or nil. `scratch` is the file the bytes are written
    /// to (named like a symbol's file); callers in parallel each give their own.
    public static func brokenPromise(_ bytes: [UInt8], scratch: String = scratchFile) -> String? {
        do {
            try readEveryWay(bytes, scratch: scratch)
            return nil
        } catch {
            return error.description
        }
    }

    /// A promise of the reader that an input broke.
    struct BrokenPromise: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private static func readEveryWay(_ bytes: [UInt8], scratch scratchFile: String) throws(BrokenPromise) {
        guard write(bytes, to: scratchFile) else { throw BrokenPromise("cannot write \(scratchFile)") }
        for (index, options) in options.enumerated() {
            let whole = try outcomes { () throws(MarketDataProblem) in
                try CSVBarReader(bytes: bytes, file: scratchFile, options: options)
            }
            for window in [64] {
                let windowed = try outcomes { () throws(MarketDataProblem) in
                    try CSVBarReader(path: scratchFile, options: options, windowSize: window)
                }
                guard windowed == whole else {
                    throw BrokenPromise("layout \(index), window \(window): the file read \(windowed) but the bytes read \(whole)")
                }
            }
        }
        try merge(bytes)
    }

    /// Every bar (checked against the reader's promises) and problem of one reader, or its refusal.
    /// What one read gave, compared as values (formatting each would cost more than reading).
    enum Outcome: Equatable {
        case bar(Bar, line: Int)
        case problem(MarketDataProblem)
        case refused(MarketDataProblem)
    }

    static func outcomes(_ open: () throws(MarketDataProblem) -> CSVBarReader) throws(BrokenPromise) -> [Outcome] {
        let reader: CSVBarReader
        do {
            reader = try open()
        } catch {
            return [.refused(error)]
        }
        var seen: [Outcome] = []
        while let result = reader.next() {
            switch result {
            case .success(let bar):
                try check(bar)
                seen.append(.bar(bar, line: reader.line))
            case .failure(let problem):
                guard problem.location.line >= 1, problem.location.column >= 1 else { throw BrokenPromise("unlocated: \(problem)") }
                seen.append(.problem(problem))
            }
        }
        return seen
    }

    /// Writes `bytes` as the whole of the file at `path`.
    static func write(_ bytes: [UInt8], to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }

    /// What every bar the reader returns must be.
    static func check(_ bar: Bar) throws(BrokenPromise) {
        let prices = [bar.open, bar.high, bar.low, bar.close]
        guard prices.allSatisfy({ $0.isFinite && $0 > 0 && $0 <= CSVReadOptions.maximumPrice }),
            bar.volume.isFinite, bar.volume >= 0, bar.volume <= CSVReadOptions.maximumVolume,
            bar.low <= bar.open, bar.open <= bar.high, bar.low <= bar.close, bar.close <= bar.high,
            bar.timestamp > -2_300_000_000_000, bar.timestamp < 7_300_000_000_000,
            Symbol.isValid(bar.symbol.rawValue)
        else { throw BrokenPromise("the reader returned an impossible bar: \(bar)") }
    }

    /// The input merged with itself: every bar of the second copy is a repeat, never delivered twice.
    static func merge(_ bytes: [UInt8]) throws(BrokenPromise) {
        guard let first = try? CSVBarReader(bytes: bytes, file: "a.csv"),
            let second = try? CSVBarReader(bytes: bytes, file: "b.csv"),
            let alone = try? CSVBarReader(bytes: bytes, file: "a.csv")
        else { return }
        var merged = CSVMarketDataSource(readers: [first, second], universe: ["AAPL"])
        var single = CSVMarketDataSource(readers: [alone], universe: ["AAPL"])
        var mergedBars: [Bar] = []
        var singleBars: [Bar] = []
        while let bar = try? merged.next() { mergedBars.append(bar) }
        while let bar = try? single.next() { singleBars.append(bar) }
        guard mergedBars == singleBars else { throw BrokenPromise("a file merged with itself gave other bars than alone") }
    }
}
