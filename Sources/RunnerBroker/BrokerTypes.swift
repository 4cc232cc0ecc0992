import Foundation
import RunnerCore

/// An order as the broker reports it.
public struct BrokerOrder: Sendable, Hashable {
    public var order: ChildOrder
    public var filledQuantity: Int64
    public var status: OrderStatus
    /// When the broker accepted it, in milliseconds since the epoch.
    public var acceptedAt: Int64

    public init(order: ChildOrder, filledQuantity: Int64 = 0, status: OrderStatus = .accepted, acceptedAt: Int64) {
        self.order = order
        self.filledQuantity = filledQuantity
        self.status = status
        self.acceptedAt = acceptedAt
    }

    public var remainingQuantity: Int64 { order.quantity - filledQuantity }
    public var isOpen: Bool { status == .accepted || status == .partiallyFilled }
}

/// One execution. `executionID` is unique per execution, so a report delivered twice is recognisable.
///
/// Price and fee are exact decimals, as a venue reports them (`56.31`, never the binary neighbour
/// 56.30999999999999943): they go to the ledger and the journal unchanged.
public struct Fill: Sendable, Hashable {
    public var executionID: String
    public var clientOrderID: String
    public var symbol: Symbol
    public var side: OrderSide
    public var quantity: Int64
    /// The price per share, in the account currency, exactly as executed.
    public var price: Decimal
    /// Fees charged on this execution, in the account currency (negative for a rebate).
    public var fee: Decimal
    /// Milliseconds since the epoch.
    public var timestamp: Int64

    public init(executionID: String, clientOrderID: String, symbol: Symbol, side: OrderSide, quantity: Int64,
                price: Decimal, fee: Decimal, timestamp: Int64) {
        self.executionID = executionID
        self.clientOrderID = clientOrderID
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
        self.fee = fee
        self.timestamp = timestamp
    }

    public var signedQuantity: Int64 { side == .buy ? quantity : -quantity }
}

/// What the broker tells about orders as they change.
public enum ExecutionReport: Sendable, Hashable {
    case accepted(clientOrderID: String)
    case filled(Fill)
    case cancelled(clientOrderID: String)
    case rejected(clientOrderID: String, reason: String)
}

/// The account as the broker sees it.
public struct AccountSnapshot: Sendable, Hashable {
    public var cash: Money
    public var positions: [Symbol: Int64]

    public init(cash: Money, positions: [Symbol: Int64]) {
        self.cash = cash
        self.positions = positions
    }
}

/// What can go wrong talking to a broker. `outcomeUnknown` is the dangerous one: the order may or may
/// not have arrived, so it must be looked up by its client order id before any resend.
public enum BrokerError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateClientOrderID(String)
    case unknownOrder(String)
    case rejected(clientOrderID: String, reason: String)
    case disconnected
    case outcomeUnknown(clientOrderID: String)
    /// The adapter itself failed: a malformed or unexpected reply, a crashed or hanging adapter process,
    /// a protocol violation. The reason names what was wrong.
    case adapterFailure(String)

    public var description: String {
        switch self {
        case .duplicateClientOrderID(let id): "the broker already has an order with client order id \(id)"
        case .unknownOrder(let id): "the broker has no order with client order id \(id)"
        case .rejected(let id, let reason): "the broker rejected order \(id): \(reason)"
        case .disconnected: "the connection to the broker is down"
        case .outcomeUnknown(let id): "no answer for order \(id): it may or may not have arrived"
        case .adapterFailure(let reason): "the broker adapter failed: \(reason)"
        }
    }
}
