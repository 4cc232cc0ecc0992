import Foundation
import RunnerCore
import RunnerRisk
import RunnerRouting

/// A risk decision as the journal holds it. (A `RiskDecision` cannot be rebuilt outside the gate, which
/// alone makes approvals, so the journal returns its parts.)
public struct JournaledDecision: Sendable, Hashable {
    /// The gate's decision time, in milliseconds since the epoch.
    public var at: Int64
    public var isApproved: Bool
    /// The denial's code; nil for an approval.
    public var code: DenialCode?
    /// The denial's figures in order; empty for an approval.
    public var figures: [Denial.Figure]
    public var target: TargetPosition
    /// The decision as `RiskDecision.logLine(at:)` wrote it.
    public var line: String
}

/// A parent order as the journal holds it: the router's plan, its children named by client order id.
public struct JournaledParentOrder: Sendable, Hashable {
    public var id: String
    /// When it was routed, in milliseconds since the epoch.
    public var at: Int64
    public var strategy: String
    public var symbol: Symbol
    /// Signed shares: positive buys.
    public var quantity: Int64
    public var algorithm: RoutingRules.Algorithm
    public var childOrderIDs: [String]
}

/// A child order with its latest status and the shares the journal holds executions for.
public struct JournaledChildOrder: Sendable, Hashable {
    public var order: ChildOrder
    /// The latest status (a terminal status is never replaced by a non-terminal one).
    public var status: OrderStatus
    /// When the order was first journaled, in milliseconds since the epoch.
    public var firstAt: Int64
    /// When its status last changed.
    public var updatedAt: Int64
    /// Shares filled, from the journaled executions for its client order id.
    public var filledQuantity: Int64

    /// Whether the order can no longer trade (filled, cancelled or rejected).
    public var isTerminal: Bool { status.isTerminal }

    /// Signed shares still to fill: positive for a buy, zero once terminal.
    public var workingQuantity: Int64 {
        guard !isTerminal else { return 0 }
        let remaining = max(0, order.quantity - filledQuantity)
        return order.side == .buy ? remaining : -remaining
    }
}

/// One status a child order went through, in the order journaled.
public struct ChildOrderStatusChange: Sendable, Hashable {
    public var clientOrderID: String
    public var status: OrderStatus
    /// Milliseconds since the epoch.
    public var at: Int64
}

/// A symbol's latest journaled position.
public struct JournaledPosition: Sendable, Hashable {
    public var symbol: Symbol
    /// Signed shares: negative short.
    public var quantity: Int64
    /// Per share, in the account currency, exactly as journaled (zero when flat).
    public var averageCost: Decimal
    /// Milliseconds since the epoch.
    public var at: Int64
}

/// A heartbeat as journaled, with its row id (a tail reads on from the last id it saw).
public struct JournaledHeartbeat: Sendable, Hashable {
    public var id: Int64
    public var heartbeat: Heartbeat
}

/// An alert as raised.
public struct JournaledAlert: Sendable, Hashable {
    public var level: String
    public var message: String
    /// Milliseconds since the epoch.
    public var at: Int64
    /// What raised it, for an alert raised through an `AlertRaising`; nil for the engine's own alerts and
    /// for journals written before the kind was kept.
    public var kind: OperatorAlert.Kind?
    /// The environment it was raised in, when journaled with it (as `kind`).
    public var environment: String?

    public init(level: String, message: String, at: Int64, kind: OperatorAlert.Kind? = nil, environment: String? = nil) {
        self.level = level
        self.message = message
        self.at = at
        self.kind = kind
        self.environment = environment
    }
}

/// Rows per journal table.
public struct JournalCounts: Sendable, Hashable {
    public var signals = 0
    public var decisions = 0
    /// Targets a rebalance band or minimum order held (a hold repeated tick after tick is one row).
    public var heldTargets = 0
    public var parentOrders = 0
    /// Distinct client order ids.
    public var childOrders = 0
    /// Every status change of every child order.
    public var childOrderStatusChanges = 0
    /// Distinct execution ids.
    public var executions = 0
    /// Symbols with a journaled position.
    public var positions = 0
    public var heartbeats = 0
    public var alerts = 0
    /// Every trading-state change.
    public var tradingStates = 0

    /// All zero.
    public init() {}
}
