import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import Synchronization
import Testing

/// The kill switch's work at the broker: the paper venue closes every position at once, and
/// `BrokerFlattening` cancels, closes and confirms, retrying a broker that fails.
@Suite struct KillAtTheBrokerTests {
    let time = ManualTimeSource(milliseconds: 0)
    let settings = PaperBrokerSettings(slippage: 0.001, maxParticipation: 1, feeRate: 0.0001,
                                       startingCash: Money(1_000_000, "USD"))

    /// Long 300 AAPL and short 50 MSFT, a working order left, and the last bars' closes known.
    private func holding(_ paper: PaperBroker) throws {
        _ = try paper.submitNow(order("long", .buy, 300))
        _ = try paper.submitNow(order("short", .sell, 50, symbol: "MSFT"))
        time.set(60_000)
        _ = paper.process(bar(1, open: 100))
        _ = paper.process(bar(1, open: 40, symbol: "MSFT"))
        _ = try paper.submitNow(order("working", .buy, 10))
        time.set(120_000)
        _ = paper.process(Bar(symbol: "AAPL", timestamp: 120_000, open: 101, high: 103, low: 100, close: 102.5, volume: 0))
        _ = paper.process(Bar(symbol: "MSFT", timestamp: 120_000, open: 41, high: 42, low: 39, close: 39.99, volume: 0))
    }

    @Test func closeAllPositionsFillsAtTheLastClosesSlippedAgainstTheOrderAndTheBookFileKeepsIt() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kill-\(UUID().uuidString).tsv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let paper = try PaperBroker(settings: settings, time: time, bookPath: path)
        try holding(paper)
        let closing = try await paper.closeAllPositions()
        #expect(closing.map { "\($0.order.side.rawValue) \($0.order.quantity) \($0.order.symbol) \($0.status.rawValue)" }
            == ["sell 300 AAPL filled", "buy 50 MSFT filled"])
        let fills = try await paper.fills(since: 120_000)
        // 102.5 x (1 - 0.001) = 102.3975 -> 102.40; 39.99 x 1.001 = 40.02999 -> 40.03.
        #expect(fills.map(\.price) == [Decimal(string: "102.40")!, Decimal(string: "40.03")!])
        #expect(fills.map(\.fee) == [Decimal(string: "3.07")!, Decimal(string: "0.20")!])
        #expect(try await paper.positions().isEmpty)
        // The working order is the caller's to cancel first: closing leaves it alone.
        #expect(try await paper.openOrders().map(\.order.clientOrderID) == ["working"])
        let reopened = try PaperBroker(settings: settings, time: time, bookPath: path)
        #expect(try await reopened.positions().isEmpty)
        #expect(try await reopened.account() == paper.account())
    }

    @Test func aVenueReopenedFromItsBookClosesAtItsLastFillPrices() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kill-\(UUID().uuidString).tsv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try holding(try PaperBroker(settings: settings, time: time, bookPath: path))
        let reopened = try PaperBroker(settings: PaperBrokerSettings(slippage: 0, feeRate: 0, startingCash: Money(1_000_000, "USD")),
                                       time: time, bookPath: path)
        let outcome = await BrokerFlattening.flatten(reopened, pause: .milliseconds(1))
        #expect(outcome.confirmedFlat && outcome.cancelled == 1 && outcome.closingOrders.count == 2, "\(outcome.description)")
        let opening = reopened.allFills.filter { !$0.clientOrderID.hasPrefix("kill-") }
        let closing = reopened.allFills.filter { $0.clientOrderID.hasPrefix("kill-") }
        #expect(closing.map(\.price) == opening.map(\.price))
    }

    @Test(arguments: [1, 3])
    func aDisconnectedBrokerIsNotConfirmedAndEveryFailureIsSaid(attempts: Int) async throws {
        let paper = PaperBroker(settings: settings, time: time)
        try holding(paper)
        paper.inject { $0.disconnected = true }
        let outcome = await BrokerFlattening.flatten(paper, attempts: attempts, pause: .milliseconds(1))
        #expect(!outcome.confirmedFlat && outcome.attempts == attempts)
        // The first attempt: cancel, close and two checks fail; each later one closes nothing while the cancel
        // failed (a closing order may still work), so: cancel and two checks.
        #expect(outcome.failures.count == 4 + (attempts - 1) * 3)
        #expect(outcome.description.contains("NOT confirmed after \(attempts) attempts"), "\(outcome.description)")
        paper.inject { $0.disconnected = false }
        #expect(try await paper.positions().count == 2, "nothing was closed while disconnected")
    }

    @Test func aBrokerThatFailsFirstIsRetriedUntilItConfirms() async throws {
        let paper = PaperBroker(settings: settings, time: time)
        try holding(paper)
        let flaky = FailingFirst(paper, failures: 3)
        let outcome = await BrokerFlattening.flatten(flaky, attempts: 3, pause: .milliseconds(1))
        #expect(outcome.confirmedFlat && outcome.attempts == 2, "\(outcome.description)")
        #expect(outcome.failures.count == 3)
        #expect(outcome.closingOrders.count == 2)
    }
}

/// A broker whose first `failures` calls fail as disconnected.
private final class FailingFirst: BrokerAdapter {
    let venue: PaperBroker
    private let left: Mutex<Int>

    init(_ venue: PaperBroker, failures: Int) {
        self.venue = venue
        left = Mutex(failures)
    }

    private func gate() throws(BrokerError) {
        let fail = left.withLock { left in
            defer { left -= 1 }
            return left > 0
        }
        if fail { throw .disconnected }
    }

    func submit(_ order: ChildOrder) async throws(BrokerError) -> BrokerOrder { try gate(); return try await venue.submit(order) }
    func cancel(clientOrderID: String) async throws(BrokerError) { try gate(); try await venue.cancel(clientOrderID: clientOrderID) }
    func cancelAll() async throws(BrokerError) -> Int { try gate(); return try await venue.cancelAll() }
    func closeAllPositions() async throws(BrokerError) -> [BrokerOrder] { try gate(); return try await venue.closeAllPositions() }
    func order(clientOrderID: String) async throws(BrokerError) -> BrokerOrder? { try gate(); return try await venue.order(clientOrderID: clientOrderID) }
    func openOrders() async throws(BrokerError) -> [BrokerOrder] { try gate(); return try await venue.openOrders() }
    func positions() async throws(BrokerError) -> [Symbol: Int64] { try gate(); return try await venue.positions() }
    func fills(since timestamp: Int64) async throws(BrokerError) -> [Fill] { try gate(); return try await venue.fills(since: timestamp) }
    func account() async throws(BrokerError) -> AccountSnapshot { try gate(); return try await venue.account() }
    var executions: AsyncStream<ExecutionReport> { venue.executions }
}
