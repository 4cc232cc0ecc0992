import Foundation
import RunnerBroker
import RunnerCore

/// What a conformance check works with: the connected adapter, the reports it sent, and helpers that
/// turn each broker error or missing report into a failure naming what was expected.
final class Probe: Sendable {
    let adapter: ProcessBrokerAdapter
    let recorder: ReportRecorder
    let symbol: Symbol
    let quantity: Int64
    let timeout: Duration
    let check: String
    private let counter = Locked(0)

    init(
        adapter: ProcessBrokerAdapter, recorder: ReportRecorder, symbol: Symbol, quantity: Int64, timeout: Duration,
        check: String
    ) {
        self.adapter = adapter
        self.recorder = recorder
        self.symbol = symbol
        self.quantity = quantity
        self.timeout = timeout
        self.check = check
    }

    static var nowMilliseconds: Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// A market order with a client order id no other check or run uses.
    func order(_ side: OrderSide, _ shares: Int64? = nil) -> ChildOrder {
        let index = counter.withLock { counter in
            counter += 1
            return counter
        }
        let now = Self.nowMilliseconds
        let id = "conformance-\(check)-\(now)-\(index)"
        return ChildOrder(
            clientOrderID: id, parentID: "conformance-\(check)-\(now)", strategy: "conformance", symbol: symbol,
            side: side, quantity: shares ?? quantity, venue: "", releaseAt: now, sliceIndex: 0)
    }

    /// `body`, with a broker error turned into a failure that names the call.
    func expect<T: Sendable>(_ call: String, _ body: () async throws(BrokerError) -> T) async throws(ConformanceFailure)
        -> T
    {
        do throws(BrokerError) {
            return try await body()
        } catch {
            throw ConformanceFailure("\(call) failed: \(error)")
        }
    }

    /// Submits `order` and checks the reply echoes it.
    func submit(_ order: ChildOrder) async throws(ConformanceFailure) -> BrokerOrder {
        let taken = try await expect("submit") { () async throws(BrokerError) in try await adapter.submit(order) }
        guard IdempotentSubmitter.same(taken.order, order) else {
            throw ConformanceFailure(
                "the submit reply describes \(taken.order.side.rawValue) \(taken.order.quantity) \(taken.order.symbol), not the \(order.side.rawValue) \(order.quantity) \(order.symbol) sent"
            )
        }
        return taken
    }

    /// Submits `order` and waits until fills for its whole quantity were reported; returns them.
    func submitAndFill(_ order: ChildOrder) async throws(ConformanceFailure) -> [Fill] {
        _ = try await submit(order)
        return try await fills(of: order)
    }

    /// Waits until fills for the whole of `order` were reported.
    func fills(of order: ChildOrder) async throws(ConformanceFailure) -> [Fill] {
        let id = order.clientOrderID
        let filled = await waitUntil { recorder.fills(of: id).reduce(0) { $0 + $1.quantity } >= order.quantity }
        let fills = recorder.fills(of: id)
        guard filled else {
            let shares = fills.reduce(0) { $0 + $1.quantity }
            throw ConformanceFailure(
                "fills for \(shares) of the \(order.quantity) shares of \(id) were reported within \(timeout.shortText)"
            )
        }
        return fills
    }

    /// Polls `condition` every 10 ms until it holds or the timeout passes; whether it held.
    func waitUntil(_ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return await condition()
    }
}
