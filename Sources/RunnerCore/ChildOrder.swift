/// Buy or sell: the direction of an order (a position's side is ``Side``).
public enum OrderSide: String, Sendable, Hashable, Codable {
    case buy, sell
}

/// One order as the broker will receive it: a slice of a parent order, or the whole of a direct one.
public struct ChildOrder: Sendable, Hashable {
    /// Deterministic from the intent (environment, strategy, symbol, decision time, slice), so a resend
    /// after a reconnect or restart carries the same id and the broker refuses a duplicate.
    public var clientOrderID: String
    public var parentID: String
    public var strategy: String
    public var symbol: Symbol
    public var side: OrderSide
    /// Shares, always positive.
    public var quantity: Int64
    public var venue: String
    /// When the router releases it, in milliseconds since the epoch.
    public var releaseAt: Int64
    public var sliceIndex: Int

    public init(
        clientOrderID: String, parentID: String, strategy: String, symbol: Symbol, side: OrderSide, quantity: Int64,
        venue: String, releaseAt: Int64, sliceIndex: Int
    ) {
        self.clientOrderID = clientOrderID
        self.parentID = parentID
        self.strategy = strategy
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.venue = venue
        self.releaseAt = releaseAt
        self.sliceIndex = sliceIndex
    }

    /// Signed quantity: positive for a buy.
    public var signedQuantity: Int64 { side == .buy ? quantity : -quantity }
}
