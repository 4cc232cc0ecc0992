import RunnerBroker
import RunnerCore

/// One child order's life as the engine knows it: a value-type state machine that returns what to do,
/// so the engine performs every side effect (journal, resend, alert) and each transition is testable alone.
///
/// scheduled -sent-> new -acknowledged-> accepted -filled-> partially filled -filled-> filled;
/// new, accepted and partially filled -cancelled-> cancelled; new and unknown -rejected-> rejected;
/// new -outcome lost-> unknown -found at the broker-> the broker's status, -not found-> new (resent with
/// the same client order id). A terminal order stays terminal: a fill that arrives after its cancel is
/// booked by the ledger (the money moved) and raised as an alert.
public struct OrderLifecycle: Sendable, Hashable {
    /// What happened to the order.
    public enum Event: Sendable, Hashable {
        /// Handed to the broker (or handed again after a lookup found nothing).
        case sent
        /// The broker accepted it.
        case acknowledged
        /// An execution of this many shares.
        case filled(quantity: Int64)
        case cancelled
        case rejected
        /// The submission's answer was lost (a timeout, a dropped connection).
        case outcomeLost
        /// A lookup by client order id found the order at the broker, as it reports it.
        case found(BrokerOrder)
        /// A lookup by client order id found nothing: the order never arrived.
        case notFound
    }

    /// What the engine does after a transition.
    public enum Action: Sendable, Hashable {
        /// Journal the order's new status.
        case journal(OrderStatus)
        /// Submit it again, with the same client order id.
        case resend
        /// Something an operator should see.
        case alert(String)
    }

    public let order: ChildOrder
    public private(set) var status: OrderStatus
    /// Shares executed so far.
    public private(set) var filledQuantity: Int64 = 0

    /// A planned order, not yet sent.
    public init(scheduled order: ChildOrder) {
        self.order = order
        status = .scheduled
    }

    /// An order the broker reports (a restart adopting what is working at the venue).
    public init(adopting known: BrokerOrder) {
        order = known.order
        status = known.status
        filledQuantity = known.filledQuantity
    }

    /// Shares still to fill.
    public var remainingQuantity: Int64 { max(0, order.quantity - filledQuantity) }

    /// Signed shares that may still execute at the broker: positive buys; zero when scheduled or terminal.
    public var workingQuantity: Int64 {
        guard status.mayBeWorking else { return 0 }
        return order.side == .buy ? remainingQuantity : -remainingQuantity
    }

    /// Applies `event` and returns what to do; an event that changes nothing returns no action.
    public mutating func apply(_ event: Event) -> [Action] {
        switch (status, event) {
        case (.scheduled, .sent), (.unknown, .notFound):
            return move(to: .new) + (event == .notFound ? [.resend] : [])
        case (.new, .acknowledged), (.unknown, .acknowledged):
            return move(to: .accepted)
        case (_, .filled(let quantity)) where status.isTerminal:
            filledQuantity += quantity
            return [.alert("order \(order.clientOrderID) was \(status.rawValue) and then filled \(quantity) shares")]
        case (.scheduled, .filled(let quantity)):
            filledQuantity += quantity
            return [.alert("order \(order.clientOrderID) filled \(quantity) shares before it was sent")]
        case (_, .filled(let quantity)):
            filledQuantity += quantity
            return move(to: filledQuantity >= order.quantity ? .filled : .partiallyFilled)
        case (_, .cancelled) where !status.isTerminal:
            return move(to: .cancelled)
        case (_, .rejected) where !status.isTerminal:
            // Also after an acknowledgement: an exchange can refuse what the broker took.
            return move(to: .rejected)
        case (.new, .outcomeLost):
            return move(to: .unknown)
        case (.new, .found(let known)), (.unknown, .found(let known)):
            // The broker's word wins; part fills are counted as their executions arrive.
            return move(to: known.status == .partiallyFilled && filledQuantity == 0 ? .accepted : known.status)
        case (.accepted, .found(let known)) where known.status.isTerminal:
            return move(to: known.status)
        case (.partiallyFilled, .found(let known)) where known.status.isTerminal:
            return move(to: known.status)
        default:
            return []
        }
    }

    private mutating func move(to next: OrderStatus) -> [Action] {
        guard next != status else { return [] }
        status = next
        return [.journal(next)]
    }
}
