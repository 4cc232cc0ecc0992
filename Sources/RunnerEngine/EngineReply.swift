import Foundation
import RunnerBus
import RunnerCore
import RunnerRisk

/// The engine's answer to a command.
public struct EngineReply: Sendable {
    public var accepted: Bool
    public var message: String
    public var status: EngineStatus

    public init(accepted: Bool, message: String, status: EngineStatus) {
        self.accepted = accepted
        self.message = message
        self.status = status
    }
}

/// A running engine's state, as `runner status` shows it.
public struct EngineStatus: Sendable, Hashable {
    public struct Position: Sendable, Hashable {
        public var symbol: Symbol
        public var quantity: Int64
        public var averageCost: Decimal?
    }

    public struct WorkingOrder: Sendable, Hashable {
        public var order: ChildOrder
        public var status: OrderStatus
        public var remaining: Int64
    }

    public var environment: String
    public var tradingState: TradingState
    public var positions: [Position]
    public var workingOrders: [WorkingOrder]
    public var scheduledSlices: Int
    public var equity: Money
    public var dayPnL: Money
    /// The time of the latest event the engine processed, in milliseconds since the epoch.
    public var lastEventTime: Int64?
}
