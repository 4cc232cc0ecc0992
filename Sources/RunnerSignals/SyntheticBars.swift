import Foundation
import RunnerCore

/// Seeded synthetic one-minute bars for sample data and benchmarks: a random walk per symbol with
/// regime changes, over regular sessions (09:30-16:00 New York, written as 14:30-21:00 UTC), with the
/// intraday volume curve real markets show (heavy at the open and the close, light at midday).
public struct SyntheticBars: Sendable {
    public var symbols: [Symbol]
    public var days: Int
    public var seed: UInt64
    /// The first session's date (a weekday), as days since the epoch.
    public var firstDay: Int64

    public static let minutesPerSession = 390

    public init(symbols: [Symbol], days: Int, seed: UInt64 = 42, firstDay: Int64 = 20_458) {
        self.symbols = symbols
        self.days = days
        self.seed = seed
        self.firstDay = firstDay
    }

    /// Relative volume of minute `minute` of a session: a U shape, about 3x at the edges.
    public static func volumeWeight(minute: Int) -> Double {
        let x = (Double(minute) + 0.5) / Double(minutesPerSession) * 2 - 1
        return 1 + 2 * x * x
    }

    /// Calls `body` with every bar in time order (all symbols of a minute, then the next minute).
    public func forEach(_ body: (Bar) throws -> Void) rethrows {
        var state = seed
        func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        var prices = symbols.map { _ in 50 + 150 * next() }
        let baseVolume = symbols.map { _ in 2_000 + 8_000 * next() }
        var day = firstDay
        for _ in 0..<days {
            // Skip weekends (1970-01-01 was a Thursday).
            while (day + 4) % 7 == 0 || (day + 4) % 7 == 6 { day += 1 }
            let sessionStart = day * 86_400_000 + (14 * 60 + 30) * 60_000
            let trend = symbols.map { _ in (next() - 0.5) * 0.0004 }
            for minute in 0..<Self.minutesPerSession {
                let weight = Self.volumeWeight(minute: minute)
                for index in symbols.indices {
                    let open = prices[index]
                    let shock = (next() + next() + next() - 1.5) * 0.0012 * weight.squareRoot()
                    let close = max(0.5, open * (1 + trend[index] + shock))
                    let wick = open * 0.0005 * next()
                    prices[index] = close
                    try body(Bar(
                        symbol: symbols[index], timestamp: sessionStart + Int64(minute) * 60_000,
                        open: (open * 100).rounded() / 100, high: ((max(open, close) + wick) * 100).rounded() / 100,
                        low: ((min(open, close) - wick) * 100).rounded() / 100, close: (close * 100).rounded() / 100,
                        volume: (baseVolume[index] * weight * (0.5 + next())).rounded()))
                }
            }
            day += 1
        }
    }

    /// The most days and symbols one call writes: the files are built in memory before they are written
    /// (2,565 days of 10 symbols, the largest benchmark, is 528 MiB of CSV), so the product is bounded too.
    public static let maximumDays = 10_000
    public static let maximumSymbols = 1_000
    /// The most bars (days x 390 x symbols) one call writes: 50 million, about 2.6 GB of CSV in memory.
    public static let maximumBars = 50_000_000

    /// Writes one CSV file per symbol into `folder` (`<SYMBOL>.csv`, ISO-8601 timestamps). A file already
    /// there is replaced only with `replacing`; otherwise nothing is written and the error lists them.
    public func write(to folder: String, replacing: Bool = false) throws -> [String] {
        guard (1...Self.maximumDays).contains(days), (1...Self.maximumSymbols).contains(symbols.count),
            days * Self.minutesPerSession * symbols.count <= Self.maximumBars
        else {
            throw SyntheticBarsError.outOfRange(
                "generating takes 1 to \(Self.maximumDays) days, 1 to \(Self.maximumSymbols) symbols and at most "
                    + "\(Self.maximumBars) bars in all (days x 390 x symbols), got \(days) days and \(symbols.count) symbols")
        }
        let targets = symbols.map { (folder as NSString).appendingPathComponent("\($0).csv") }
        let existing = targets.filter { FileManager.default.fileExists(atPath: $0) }
        guard replacing || existing.isEmpty else { throw SyntheticBarsError.wouldReplace(existing) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var texts = Dictionary(uniqueKeysWithValues: symbols.map { ($0, "timestamp,symbol,open,high,low,close,volume\n") })
        let formatter = ISO8601DateFormatter()
        forEach { bar in
            let stamp = formatter.string(from: Date(timeIntervalSince1970: Double(bar.timestamp) / 1000))
            texts[bar.symbol]! += "\(stamp),\(bar.symbol),\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(Int64(bar.volume))\n"
        }
        for (symbol, path) in zip(symbols, targets) {
            try texts[symbol]!.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return targets
    }
}

/// Why synthetic bars were not written.
public enum SyntheticBarsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// These files exist and replacing was not asked for.
    case wouldReplace([String])
    /// Too many days or symbols, or none.
    case outOfRange(String)

    public var description: String {
        switch self {
        case .wouldReplace(let paths):
            let shown = paths.prefix(5).joined(separator: ", ") + (paths.count > 5 ? " and \(paths.count - 5) more" : "")
            return "\(shown) already exist\(paths.count == 1 ? "s" : ""); nothing was written "
                + "(pass --force to replace them, or choose another --output)"
        case .outOfRange(let message): return message
        }
    }
}
