import Foundation
import RunnerBroker
import RunnerCore

/// Runs a ``ReconciliationCheck`` against a live adapter: reads the runner's book through closures the
/// run provides, asks the broker, compares, and returns the action for the run to perform. It sends
/// nothing to the broker and changes nothing in the run.
///
/// The run calls ``initialCheck(now:)`` before its first order (and after a reconnect, having called
/// ``connectionRestored()``), then ``checkIfDue(now:)`` between events; it sends orders only while
/// ``mayTrade`` is true.
///
/// Executions are compared in full at the initial check; at the periodic checks only when positions or
/// open orders differ (to explain the difference). The mismatch never depends on them, and a broker's
/// execution history can be slow to read (the paper broker reads its book file): a replay checks every
/// minute of market time.
public final class ReconciliationMonitor: Sendable {
    /// Where the runner's side of the comparison comes from, read at each check.
    public struct Sources: Sendable {
        /// Positions and working orders (the engine's ledger and book); its `fills` are not read.
        public var expected: @Sendable () throws -> ExpectedBook
        /// The executions the runner booked at or after a time (milliseconds), in the order booked.
        public var expectedFills: @Sendable (_ since: Int64) throws -> [Fill]
        /// The last price of each symbol (the last bar's close). A symbol without one is priced at the
        /// broker's latest execution of it when executions were read; else it is a ``ReconciliationError/missingPrice(_:)``.
        public var prices: @Sendable () -> [Symbol: Decimal]
        /// The account's equity, in the account currency.
        public var equity: @Sendable () -> Decimal
        /// Executions are compared from this time on (milliseconds; the run's start), so a broker
        /// account's older history is not read as executions the runner lacks.
        public var fillsSince: Int64

        public init(
            expected: @escaping @Sendable () throws -> ExpectedBook,
            expectedFills: @escaping @Sendable (_ since: Int64) throws -> [Fill],
            prices: @escaping @Sendable () -> [Symbol: Decimal], equity: @escaping @Sendable () -> Decimal,
            fillsSince: Int64
        ) {
            self.expected = expected
            self.expectedFills = expectedFills
            self.prices = prices
            self.equity = equity
            self.fillsSince = fillsSince
        }
    }

    private let state: Locked<ReconciliationCheck>
    private let broker: any BrokerAdapter
    private let sources: Sources

    public init(check: ReconciliationCheck, broker: any BrokerAdapter, sources: Sources) {
        state = Locked(check)
        self.broker = broker
        self.sources = sources
    }

    /// The state machine as it stands.
    public var check: ReconciliationCheck { state.withLock { $0 } }

    /// Whether the run may send orders (see ``ReconciliationCheck/mayTrade``).
    public var mayTrade: Bool { state.withLock { $0.mayTrade } }

    /// The check before the first order: always runs, whatever the schedule, executions included.
    public func initialCheck(now: Int64) async -> InitialReconciliation {
        let result = await compare(fills: .always)
        let (action, mayTrade) = state.withLock { check in (check.record(result, at: now), check.mayTrade) }
        return InitialReconciliation(result: result, action: action, mayTrade: mayTrade)
    }

    /// Checks when one is due at `now` on the run's clock; `.none` otherwise.
    public func checkIfDue(now: Int64) async -> ReconciliationAction {
        guard state.withLock({ $0.isDue(now: now) }) else { return .none }
        let result = await compare(fills: .toExplainADifference)
        return state.withLock { $0.record(result, at: now, confirming: true) }
    }

    /// The broker connection came back: the next check is due at once and gates orders until it has run.
    public func connectionRestored() { state.withLock { $0.connectionRestored() } }

    /// When executions are read and compared.
    public enum FillComparison: Sendable {
        case always
        /// Only when positions or open orders differ.
        case toExplainADifference
    }

    /// One comparison now: the runner's book first, then the broker's (a fill arriving in between shows
    /// at the broker only, and is gone at the next check).
    public func compare(fills: FillComparison = .always) async -> Result<ReconciliationReport, ReconciliationError> {
        do throws(ReconciliationError) {
            var expected = try read { try sources.expected() }
            expected.fills = []
            var prices = sources.prices()
            let equity = sources.equity()
            let thresholds = state.withLock { $0.thresholds }
            var brokerBook: BrokerBook
            do {
                brokerBook = BrokerBook(
                    positions: try await broker.positions(),
                    openOrders: try await broker.openOrders().map(ReconciliationOrder.init))
            } catch {
                throw .broker(error)
            }
            if case .toExplainADifference = fills, Self.positionsAndOrdersAgree(expected, brokerBook) {
                return .success(
                    try Reconciler.compare(
                        expected: expected, broker: brokerBook, prices: prices, equity: equity, thresholds: thresholds))
            }
            expected.fills = try read { try sources.expectedFills(sources.fillsSince) }
            do { brokerBook.fills = try await broker.fills(since: sources.fillsSince) } catch { throw .broker(error) }
            prices.merge(Reconciler.lastPrices(of: brokerBook.fills)) { market, _ in market }
            return .success(
                try Reconciler.compare(
                    expected: expected, broker: brokerBook, prices: prices, equity: equity, thresholds: thresholds))
        } catch {
            return .failure(error)
        }
    }

    private func read<T>(_ body: () throws -> T) throws(ReconciliationError) -> T {
        do { return try body() } catch { throw .expectedBookUnavailable("\(error)") }
    }

    /// Whether both sides hold the same non-zero positions and the same open order ids.
    static func positionsAndOrdersAgree(_ expected: ExpectedBook, _ broker: BrokerBook) -> Bool {
        expected.positions.filter { $0.value != 0 } == broker.positions.filter { $0.value != 0 }
            && Set(expected.openOrders.map(\.clientOrderID)) == Set(broker.openOrders.map(\.clientOrderID))
    }
}
