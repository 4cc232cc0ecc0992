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
        mix(bar.open.bitPattern)
        mix(bar.high.bitPattern)
        mix(bar.low.bitPattern)
        mix(bar.close.bitPattern)
        mix(bar.volume.bitPattern)
    }

    private mutating func mix(_ word: UInt64) {
        value ^= word
        value = value &* 0x100_0000_01b3
    }

    /// Sixteen lowercase hex digits. Made once per bar time (each progress mark): written digit by digit.
    public var text: String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: value >> (60 - 4 * UInt64(index))) & 0xf
                buffer[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return 16
        }
    }
}
