/// FNV-1a, 64 bits: a digest that is the same in every process (Swift's `Hasher` is seeded per
/// process), for fingerprints a restart compares with what an earlier run journaled.
public struct FNV1a: Sendable, Hashable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// Mixes one word in.
    public mutating func add(_ word: UInt64) {
        value ^= word
        value = value &* 0x100_0000_01b3
    }

    /// Mixes text in, then a separator, so "ab","c" and "a","bc" differ.
    public mutating func add(_ text: String) {
        for byte in text.utf8 { add(UInt64(byte)) }
        add(0xff)
    }

    /// Sixteen lowercase hex digits, written digit by digit (made once per progress mark).
    public var hex: String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: value >> (60 - 4 * UInt64(index))) & 0xf
                buffer[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return 16
        }
    }
}
