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
public final class ReconciliationMonitor: Sendable {
    /// Where the runner's side of the comparison comes from, read at each check.
    public struct Sources: Sendable {
        /// Positions, booked executions and working orders (the engine's ledger and book).
        public var expected: @Sendable () throws -> ExpectedBook
        /// The last price of each symbol (the last bar's close). A symbol without one is priced at the
        /// broker's latest execution of it; without either it is a ``ReconciliationError/missingPrice(_:)``.
        public var prices: @Sendable () -> [Symbol: Decimal]
        /// The account's equity, in the account currency.
        public var equity: @Sendable () -> Decimal
        /// The broker's executions are compared from this time on (milliseconds; the run's start), so a
        /// broker account's older history is not read as executions the runner lacks.
        public var fillsSince: Int64

        public init(
            expected: @escaping @Sendable () throws -> ExpectedBook, prices: @escaping @Sendable () -> [Symbol: Decimal],
            equity: @escaping @Sendable () -> Decimal, fillsSince: Int64
        ) {
            self.expected = expected
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

    /// The check before the first order: always runs, whatever the schedule.
    public func initialCheck(now: Int64) async -> InitialReconciliation {
        let result = await compare()
        let (action, mayTrade) = state.withLock { check in (check.record(result, at: now), check.mayTrade) }
        return InitialReconciliation(result: result, action: action, mayTrade: mayTrade)
    }

    /// Checks when one is due at `now` on the run's clock; `.none` otherwise.
    public func checkIfDue(now: Int64) async -> ReconciliationAction {
        guard state.withLock({ $0.isDue(now: now) }) else { return .none }
        let result = await compare()
        return state.withLock { $0.record(result, at: now) }
    }

    /// The broker connection came back: the next check is due at once and gates orders until it has run.
    public func connectionRestored() { state.withLock { $0.connectionRestored() } }

    /// One comparison now: the runner's book first, then the broker's (a fill arriving in between shows
    /// at the broker only, and is gone at the next check).
    public func compare() async -> Result<ReconciliationReport, ReconciliationError> {
        do throws(ReconciliationError) {
            let expected: ExpectedBook
            do { expected = try sources.expected() } catch { throw .expectedBookUnavailable("\(error)") }
            var prices = sources.prices()
            let equity = sources.equity()
            let brokerBook: BrokerBook
            do { brokerBook = try await BrokerBook.snapshot(of: broker, fillsSince: sources.fillsSince) } catch {
                throw .broker(error)
            }
            prices.merge(Reconciler.lastPrices(of: brokerBook.fills)) { market, _ in market }
            let thresholds = state.withLock { $0.thresholds }
            return .success(try Reconciler.compare(
                expected: expected, broker: brokerBook, prices: prices, equity: equity, thresholds: thresholds))
        } catch {
            return .failure(error)
        }
    }
}
