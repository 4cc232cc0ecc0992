import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import Synchronization

/// A broker in front of the paper broker that loses answers, or the orders themselves, on command: the
/// faults a network adapter meets, reproduced without a network.
final class FaultyBroker: BrokerAdapter {
    enum Fault: Sendable {
        /// The submission never reaches the venue and no answer comes.
        case lostBeforeTheVenue
        /// The submission takes this long to answer (honouring cancellation).
        case slow(Duration)
    }

    let venue: PaperBroker
    private let faults = Locked<[Fault]>([])
    private let submissions = Locked<[String]>([])

    init(venue: PaperBroker) { self.venue = venue }

    /// The next submissions meet these faults, in order.
    func inject(_ next: [Fault]) { faults.withLock { $0 += next } }

    /// Every id a submission was attempted with, in order.
    var attempted: [String] { submissions.withLock { $0 } }

    func submit(_ order: ChildOrder) async throws(BrokerError) -> BrokerOrder {
        submissions.withLock { $0.append(order.clientOrderID) }
        let fault = faults.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        switch fault {
        case .lostBeforeTheVenue: throw .outcomeUnknown(clientOrderID: order.clientOrderID)
        case .slow(let delay):
            do { try await Task.sleep(for: delay) } catch { throw .outcomeUnknown(clientOrderID: order.clientOrderID) }
            return try await venue.submit(order)
        case nil: return try await venue.submit(order)
        }
    }

    func cancel(clientOrderID: String) async throws(BrokerError) { try await venue.cancel(clientOrderID: clientOrderID) }
    func cancelAll() async throws(BrokerError) -> Int { try await venue.cancelAll() }
    func closeAllPositions() async throws(BrokerError) -> [BrokerOrder] { try await venue.closeAllPositions() }
    func order(clientOrderID: String) async throws(BrokerError) -> BrokerOrder? {
        try await venue.order(clientOrderID: clientOrderID)
    }
    func openOrders() async throws(BrokerError) -> [BrokerOrder] { try await venue.openOrders() }
    func positions() async throws(BrokerError) -> [Symbol: Int64] { try await venue.positions() }
    func fills(since timestamp: Int64) async throws(BrokerError) -> [Fill] { try await venue.fills(since: timestamp) }
    func account() async throws(BrokerError) -> AccountSnapshot { try await venue.account() }
    var executions: AsyncStream<ExecutionReport> { venue.executions }
}
