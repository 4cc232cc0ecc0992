import RunnerCore

/// A running digest of the bars a run has read (FNV-1a over each bar's symbol, time and prices): journaled
/// with every progress mark, so a restart can tell whether the data it replays up to that mark is the
/// data the crashed run read. Swift's `Hasher` is seeded per process, so it cannot serve.
public struct MarketDataDigest: Sendable, Hashable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(_ bar: Bar) {
        for byte in bar.symbol.rawValue.utf8 { mix(UInt64(byte)) }
        mix(UInt64(bitPattern: bar.timestamp))
        for field in [bar.open, bar.high, bar.low, bar.close, bar.volume] { mix(field.bitPattern) }
    }

    private mutating func mix(_ word: UInt64) {
        value ^= word
        value = value &* 0x100_0000_01b3
    }

    /// Sixteen hex digits.
    public var text: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
