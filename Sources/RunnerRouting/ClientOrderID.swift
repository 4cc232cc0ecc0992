/// Deterministic order ids: the same intent always gets the same id, so a resend can never create a
/// second order. Short enough for real brokers (at most 48 characters; this makes 32 at most).
public enum ClientOrderID {
    public static let maximumLength = 48

    /// `<environment prefix>-<16 hex digits of FNV-1a over the intent>-<slice>`.
    public static func make(environment: String, strategy: String, symbol: String, decisionTime: Int64, slice: Int)
        -> String
    {
        "\(parent(environment: environment, strategy: strategy, symbol: symbol, decisionTime: decisionTime))-\(slice)"
    }

    /// The parent's id: the same intent with no slice (`<environment prefix>-<16 hex digits>`).
    public static func parent(environment: String, strategy: String, symbol: String, decisionTime: Int64) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(environment)\u{1F}\(strategy)\u{1F}\(symbol)\u{1F}\(decisionTime)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let prefix = self.prefix(environment)
        let hex = String(hash, radix: 16)
        return "\(prefix.isEmpty ? "run" : prefix)-\(String(repeating: "0", count: 16 - hex.count))\(hex)"
    }

    /// The environment's first eight letters and digits, lowercased. Every order asks for it: an ASCII name
    /// is read byte by byte, without looking up Unicode properties.
    static func prefix(_ environment: String) -> String {
        let utf8 = environment.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            return String(environment.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
                .prefix(8).map(Character.init)).lowercased()
        }
        var bytes: [UInt8] = []
        for byte in utf8 where bytes.count < 8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
            default: continue
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
