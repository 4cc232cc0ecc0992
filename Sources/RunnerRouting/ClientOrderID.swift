/// Deterministic order ids: the same intent always gets the same id, so a resend can never create a
/// second order. Short enough for real brokers (at most 48 characters; this makes 32 at most).
public enum ClientOrderID {
    public static let maximumLength = 48

    /// `<environment prefix>-<16 hex digits of FNV-1a over the intent>-<slice>`.
    public static func make(environment: String, strategy: String, symbol: String, decisionTime: Int64, slice: Int)
        -> String
    {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(environment)\u{1F}\(strategy)\u{1F}\(symbol)\u{1F}\(decisionTime)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let prefix = String(environment.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
            .prefix(8).map(Character.init)).lowercased()
        let hex = String(hash, radix: 16)
        return "\(prefix.isEmpty ? "run" : prefix)-\(String(repeating: "0", count: 16 - hex.count))\(hex)-\(slice)"
    }

    /// The parent's id: the same intent with no slice.
    public static func parent(environment: String, strategy: String, symbol: String, decisionTime: Int64) -> String {
        make(environment: environment, strategy: strategy, symbol: symbol, decisionTime: decisionTime, slice: 0)
            .split(separator: "-").dropLast().joined(separator: "-")
    }
}
