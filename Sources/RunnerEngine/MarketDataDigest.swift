import RunnerCore

/// A running digest of the bars a run has read (FNV-1a over each bar's symbol, time and prices): journaled
/// with every progress mark, so a restart can tell whether the data it replays up to that mark is the
/// data the crashed run read.
public struct MarketDataDigest: Sendable, Hashable {
    private var digest = FNV1a()

    public init() {}

    public var value: UInt64 { digest.value }

    public mutating func add(_ bar: Bar) {
        for byte in bar.symbol.rawValue.utf8 { digest.add(UInt64(byte)) }
        digest.add(UInt64(bitPattern: bar.timestamp))
        digest.add(bar.open.bitPattern)
        digest.add(bar.high.bitPattern)
        digest.add(bar.low.bitPattern)
        digest.add(bar.close.bitPattern)
        digest.add(bar.volume.bitPattern)
    }

    /// Sixteen lowercase hex digits.
    public var text: String { digest.hex }
}
