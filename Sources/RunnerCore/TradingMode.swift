/// Whether an environment trades against a simulated broker or real money.
public enum TradingMode: String, Sendable, Hashable, CaseIterable {
    case paper
    case live
}
