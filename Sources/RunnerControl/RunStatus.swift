import Foundation
import RunnerCore
import RunnerRisk

/// What a running engine reports about itself: trading state, book, orders and money.
///
/// Decimals travel as strings (`"187.25"`), so no cent is lost to a binary floating-point number on
/// the way; a string that is not a plain decimal number is refused when the reply is read.
public struct RunStatus: Sendable, Hashable, Codable {
    /// One open position.
    public struct Position: Sendable, Hashable, Codable {
        public var symbol: Symbol
        /// Signed: positive long, negative short.
        public var quantity: Int64
        /// Average cost per share in the account currency.
        public var averageCost: Decimal

        public init(symbol: Symbol, quantity: Int64, averageCost: Decimal) {
            self.symbol = symbol
            self.quantity = quantity
            self.averageCost = averageCost
        }

        enum CodingKeys: String, CodingKey { case symbol, quantity, averageCost = "average_cost" }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            symbol = Symbol(try container.decode(String.self, forKey: .symbol))
            quantity = try container.decode(Int64.self, forKey: .quantity)
            averageCost = try container.decodeDecimal(forKey: .averageCost)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(symbol.rawValue, forKey: .symbol)
            try container.encode(quantity, forKey: .quantity)
            try container.encode(averageCost.description, forKey: .averageCost)
        }
    }

    /// One order sent to the broker and not yet finished.
    public struct WorkingOrder: Sendable, Hashable, Codable {
        public var clientOrderID: String
        public var symbol: Symbol
        public var side: OrderSide
        /// What the order asked for, in shares.
        public var quantity: Int64
        /// What is still to fill, in shares.
        public var remaining: Int64
        public var status: OrderStatus

        public init(
            clientOrderID: String, symbol: Symbol, side: OrderSide, quantity: Int64, remaining: Int64,
            status: OrderStatus
        ) {
            self.clientOrderID = clientOrderID
            self.symbol = symbol
            self.side = side
            self.quantity = quantity
            self.remaining = remaining
            self.status = status
        }

        enum CodingKeys: String, CodingKey {
            case clientOrderID = "client_order_id", symbol, side, quantity, remaining, status
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            clientOrderID = try container.decode(String.self, forKey: .clientOrderID)
            symbol = Symbol(try container.decode(String.self, forKey: .symbol))
            side = try container.decode(OrderSide.self, forKey: .side)
            quantity = try container.decode(Int64.self, forKey: .quantity)
            remaining = try container.decode(Int64.self, forKey: .remaining)
            status = try container.decode(OrderStatus.self, forKey: .status)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(clientOrderID, forKey: .clientOrderID)
            try container.encode(symbol.rawValue, forKey: .symbol)
            try container.encode(side, forKey: .side)
            try container.encode(quantity, forKey: .quantity)
            try container.encode(remaining, forKey: .remaining)
            try container.encode(status, forKey: .status)
        }
    }

    /// The environment's name (`paper`, `live`).
    public var environment: String
    public var tradingState: TradingState
    /// Open positions, in symbol order.
    public var positions: [Position]
    public var workingOrders: [WorkingOrder]
    public var equity: Decimal
    /// Realized and unrealized PnL since the start of the trading day.
    public var dayPnL: Decimal
    /// ISO 4217 code of ``equity`` and ``dayPnL``.
    public var currency: String
    /// The time of the last event the engine applied, in milliseconds since the epoch; nil before the first.
    public var lastEventTime: Int64?
    /// Slices the router holds back for later (TWAP/VWAP), not yet sent.
    public var scheduledSlices: Int
    /// The latest heartbeat of each component of the run, and the interval they are due at (ms).
    public var heartbeats: [Heartbeat] = []
    public var heartbeatInterval: Int64?

    public init(
        environment: String, tradingState: TradingState, positions: [Position], workingOrders: [WorkingOrder],
        equity: Decimal, dayPnL: Decimal, currency: String, lastEventTime: Int64?, scheduledSlices: Int
    ) {
        self.environment = environment
        self.tradingState = tradingState
        self.positions = positions
        self.workingOrders = workingOrders
        self.equity = equity
        self.dayPnL = dayPnL
        self.currency = currency
        self.lastEventTime = lastEventTime
        self.scheduledSlices = scheduledSlices
    }

    enum CodingKeys: String, CodingKey {
        case environment, tradingState = "trading_state", positions, workingOrders = "working_orders", equity
        case dayPnL = "day_pnl", currency, lastEventTime = "last_event_time", scheduledSlices = "scheduled_slices"
        case heartbeats, heartbeatInterval = "heartbeat_interval"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        environment = try container.decode(String.self, forKey: .environment)
        tradingState = try container.decode(TradingState.self, forKey: .tradingState)
        positions = try container.decode([Position].self, forKey: .positions)
        workingOrders = try container.decode([WorkingOrder].self, forKey: .workingOrders)
        equity = try container.decodeDecimal(forKey: .equity)
        dayPnL = try container.decodeDecimal(forKey: .dayPnL)
        currency = try container.decode(String.self, forKey: .currency)
        lastEventTime = try container.decodeIfPresent(Int64.self, forKey: .lastEventTime)
        scheduledSlices = try container.decode(Int.self, forKey: .scheduledSlices)
        heartbeats = try container.decodeIfPresent([Heartbeat].self, forKey: .heartbeats) ?? []
        heartbeatInterval = try container.decodeIfPresent(Int64.self, forKey: .heartbeatInterval)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(environment, forKey: .environment)
        try container.encode(tradingState, forKey: .tradingState)
        try container.encode(positions, forKey: .positions)
        try container.encode(workingOrders, forKey: .workingOrders)
        try container.encode(equity.description, forKey: .equity)
        try container.encode(dayPnL.description, forKey: .dayPnL)
        try container.encode(currency, forKey: .currency)
        try container.encodeIfPresent(lastEventTime, forKey: .lastEventTime)
        try container.encode(scheduledSlices, forKey: .scheduledSlices)
        if !heartbeats.isEmpty { try container.encode(heartbeats, forKey: .heartbeats) }
        try container.encodeIfPresent(heartbeatInterval, forKey: .heartbeatInterval)
    }
}

extension KeyedDecodingContainer {
    /// A decimal written as a string of plain digits (`-12.5`); anything else is a decoding error.
    func decodeDecimal(forKey key: Key) throws -> Decimal {
        let text = try decode(String.self, forKey: key)
        guard let value = Decimal(plainDigits: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "'\(text)' is not a plain decimal number such as -12.50")
        }
        return value
    }
}

extension Decimal {
    /// An optional minus, digits, and optionally a point and more digits; nil for anything else
    /// (Foundation's parser would read the `12` of `12abc` and drop the rest).
    init?(plainDigits text: String) {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
            let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        self = value
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
