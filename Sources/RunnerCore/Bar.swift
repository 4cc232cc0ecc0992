/// One bar of market data for one symbol. Prices are `Double`: they are market observations, not cash.
public struct Bar: Sendable, Hashable {
    public var symbol: Symbol
    /// Start of the bar, in milliseconds since 1970-01-01T00:00:00Z.
    public var timestamp: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(symbol: Symbol, timestamp: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.symbol = symbol
        self.timestamp = timestamp
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}
