import Foundation
import RunnerBroker
import RunnerCore
import RunnerRisk
import RunnerRouting

/// Where the runner writes what it did, for audit, reports and recovery after a crash.
///
/// `record` is called on the hot path: it must never wait on a disk, a lock held during I/O or another
/// task. `flush` is the only place that waits, and only for entries already recorded.
public protocol Journal: AnyObject, Sendable {
    /// Queues `entry` for the journal and returns at once. Entries are written in the order recorded.
    func record(_ entry: JournalEntry)

    /// Returns once every entry recorded before the call is committed, or throws when some never will be.
    func flush() async throws
}

/// One thing worth journaling: a target, a decision, an order or its status, an execution, a position,
/// a heartbeat, an alert, a trading-state change or the replay's progress. Times are milliseconds since
/// the epoch.
public enum JournalEntry: Sendable {
    /// A target the signal engine emitted.
    case signal(TargetPosition)
    /// The risk gate's answer for one target, at the gate's decision time.
    case decision(RiskDecision, at: Int64)
    /// The router's plan for an approved target.
    case parentOrder(ParentOrder, at: Int64)
    /// A child order and its status at `at`.
    case childOrder(ChildOrder, status: OrderStatus, at: Int64)
    /// An execution the broker reported; a report delivered twice is kept once.
    case execution(Fill)
    /// A symbol's position after a change; `averageCost` is per share, in the account currency, exactly as
    /// the ledger holds it (zero when flat).
    case position(symbol: Symbol, quantity: Int64, averageCost: Decimal, at: Int64)
    /// The same as ``position(symbol:quantity:averageCost:at:)``, given by the signed cost basis: the journal
    /// divides it by the quantity (zero when flat) on its writer's thread: a `Decimal` division costs the run
    /// loop about as much as booking the fill.
    case positionBasis(symbol: Symbol, quantity: Int64, costBasis: Decimal, at: Int64)
    /// A component reporting that it is alive (its `at` is the entry's time).
    case heartbeat(Heartbeat)
    /// Something an operator should see, such as a reconciliation mismatch (`level` is `info`, `warning`
    /// or `critical`).
    case alert(level: String, message: String, at: Int64)
    /// An alert raised through an `AlertRaising`, with its kind and environment: journaled in the same
    /// table as ``alert(level:message:at:)``, its severity as the level.
    case operatorAlert(OperatorAlert)
    /// A position a strategy holds by its own rules after a change (entry, a bar held, the best price);
    /// nil when it closed. A restart holds it again.
    case strategyPosition(strategy: String, symbol: Symbol, position: StrategyPosition?, at: Int64)
    /// The gate's trading state after a change.
    case tradingState(TradingState)
    /// The end of the last bar the replay or the live feed has processed: where a restart resumes.
    /// `dataDigest` identifies the market data read up to that bar, so a restart can tell whether the
    /// data it replays is the data the crashed run read.
    case progress(lastBarTimestamp: Int64, dataDigest: String? = nil)

    /// The status of an order as the broker reports it.
    public static func brokerOrder(_ order: BrokerOrder, at milliseconds: Int64) -> JournalEntry {
        .childOrder(order.order, status: order.status, at: milliseconds)
    }
}
