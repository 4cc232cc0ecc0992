import Foundation
import RunnerCore
import RunnerRisk

/// An operator's command to a running engine, applied between events and journaled with its reason and
/// where it came from.
public struct EngineCommand: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// No new risk; working orders cancelled, scheduled slices dropped.
        case halt
        /// Only reductions pass.
        case reduce
        /// Back to active trading.
        case resume
        /// Halt, cancel every working order, then close every position with orders that pass the gate as reductions.
        case flatten
        /// Report the run's state; changes nothing.
        case status
    }

    public var kind: Kind
    public var reason: String
    /// Who sent it (a command line with its process id and user, a dashboard, a watchdog).
    public var origin: String

    public init(_ kind: Kind, reason: String, origin: String) {
        self.kind = kind
        self.reason = reason
        self.origin = origin
    }
}

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
